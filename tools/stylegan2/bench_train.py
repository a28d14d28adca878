"""Measure training throughput (images/s) of train.py's iteration for one or more channel tables.

  /usr/bin/python3 tools/stylegan2/bench_train.py --channels 4:128,8:128,16:64,32:32,64:16 [--iters 8]

Uses a random 64 px dataset in a temporary folder. Times whole lazy-R1 periods (--d-reg-every iterations, R1
included) and reports the median and the best period (the best is the figure least disturbed by other processes
on a shared machine).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from tools.stylegan2 import train  # noqa: E402
from tools.stylegan2.dataset import write_synface_folder  # noqa: E402


def bench(channels, data_dir, out_dir, iters, batch, device, threads, extra):
    argv = ["--data", str(data_dir), "--out", str(out_dir), "--channels", channels, "--batch", str(batch),
            "--device", device, "--threads", str(threads)] + extra
    args = train.build_parser().parse_args(argv)
    torch.set_num_threads(threads)
    trainer = train.Trainer(args)
    for _ in range(3):  # warm-up, R1 included (iteration 0)
        trainer.step()
    # Time whole lazy-R1 periods so the R1 share is counted at its real frequency.
    period = args.d_reg_every
    periods = max(1, iters // period)
    rates = []
    trainer.iteration = 0
    for _ in range(periods):
        start = time.time()
        for _ in range(period):
            trainer.step()
        if device == "cuda":
            torch.cuda.synchronize()
        rates.append(period * batch / (time.time() - start))
    return {"channels": channels, "median_img_s": statistics.median(rates), "best_img_s": max(rates),
            "periods": periods, "params_g": sum(p.numel() for p in trainer.g.parameters()),
            "params_d": sum(p.numel() for p in trainer.d.parameters())}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--channels", nargs="+", default=[train.DEFAULT_CHANNELS])
    parser.add_argument("--iters", type=int, default=48, help="iterations timed (whole R1 periods)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="further train.py options after --")
    args = parser.parse_args(argv)
    extra = [a for a in args.extra if a != "--"]
    with tempfile.TemporaryDirectory(prefix="stylegan2-bench-") as tmp:
        data = write_synface_folder(Path(tmp) / "data", np.random.default_rng(0).integers(
            0, 256, (256, args.size, args.size, 3), dtype=np.uint8))
        for channels in args.channels:
            r = bench(channels, data, Path(tmp) / "run", args.iters, args.batch, args.device, args.threads, extra)
            print(f"{r['channels']}: median {r['median_img_s']:.1f} img/s, best {r['best_img_s']:.1f} img/s over "
                  f"{r['periods']} R1 periods; G {r['params_g']:,} D {r['params_d']:,} params", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
