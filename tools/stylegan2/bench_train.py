"""Measure training throughput (images/s) of train.py's iteration for one or more channel tables.

  /usr/bin/python3 tools/stylegan2/bench_train.py --channels 4:128,8:128,16:64,32:32,64:16 [--iters 8]

Uses a random 64 px dataset in a temporary folder. Reports the median and the best iteration (the best is the
figure least disturbed by other processes on a shared machine). Every iteration includes the lazy-R1 share.
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
    for _ in range(3):
        trainer.step()
    times = []
    reg_every = args.d_reg_every
    for _ in range(iters):
        start = time.time()
        trainer.step()
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.time() - start)
    # Iterations with R1 cost more; weight them by their real frequency (1 in d_reg_every).
    r1_start = time.time()
    trainer.iteration = 0
    trainer.step()
    r1_time = time.time() - r1_start
    plain = statistics.median(times)
    mean_time = plain + (r1_time - plain) / reg_every
    return {"channels": channels, "median_img_s": batch / mean_time, "best_img_s": batch / min(times),
            "r1_iteration_s": r1_time, "params_g": sum(p.numel() for p in trainer.g.parameters()),
            "params_d": sum(p.numel() for p in trainer.d.parameters())}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--channels", nargs="+", default=[train.DEFAULT_CHANNELS])
    parser.add_argument("--iters", type=int, default=8)
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
            print(f"{r['channels']}: {r['median_img_s']:.1f} img/s (median incl. R1 share), best "
                  f"{r['best_img_s']:.1f} img/s; G {r['params_g']:,} D {r['params_d']:,} params", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
