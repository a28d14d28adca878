"""Train a small StyleGAN2 (default model: 64 px synthetic faces) on CPU or CUDA, resumable.

  nice -n 10 /usr/bin/python3 tools/stylegan2/train.py --data DATA_DIR --out runs/synface-64 --kimg 400

Non-saturating logistic loss, lazy R1 on reals, style mixing, EMA generator with ramp-up, horizontal flips.
Everything random comes from --seed. A checkpoint (rosinality layout plus 'config', 'progress' and RNG states) is
written atomically every --checkpoint-minutes, at --max-minutes, on SIGINT/SIGTERM and at the end; rerunning the
same command resumes from it. Export the result with tools/stylegan2/export.py --ckpt OUT/checkpoint.pt --out public/models/N.
"""

import argparse
import math
import os
import signal
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch.nn import functional as F  # noqa: E402

from tools.stylegan2.dataset import SynfaceImages  # noqa: E402
from tools.stylegan2.model import Discriminator, Generator, set_transpose_as_conv  # noqa: E402
from tools.stylegan2.sample_sheet import save_sample_sheet  # noqa: E402

DEFAULT_CHANNELS = "4:128,8:128,16:64,32:32,64:16"
CHECKPOINT_NAME = "checkpoint.pt"


def parse_channels(text):
    try:
        table = {int(k): int(v) for k, v in (item.split(":") for item in text.split(","))}
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"channels must look like '4:128,8:128,...': {err}") from err
    return table


def build_parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, type=Path, help="dataset folder (synface-v1: meta.json, images.npy)")
    p.add_argument("--out", required=True, type=Path, help="run folder: checkpoint.pt, samples.png, log.txt")
    p.add_argument("--kimg", type=float, default=400, help="train until this many thousand real images seen")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="CPU threads for torch")
    p.add_argument("--channels", type=parse_channels, default=parse_channels(DEFAULT_CHANNELS),
                   help=f"resolution:width table, e.g. {DEFAULT_CHANNELS} (used by G and D)")
    p.add_argument("--style-dim", type=int, default=256)
    p.add_argument("--n-mlp", type=int, default=8)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--lr-mlp", type=float, default=0.01)
    p.add_argument("--r1", type=float, default=0.5, help="R1 weight gamma (penalty gamma/2 * |grad|^2)")
    p.add_argument("--d-reg-every", type=int, default=16, help="lazy R1 interval")
    p.add_argument("--mixing", type=float, default=0.9, help="style-mixing probability")
    p.add_argument("--ema-kimg", type=float, default=10.0, help="EMA half-life in thousand images")
    p.add_argument("--ema-rampup", type=float, default=0.05, help="EMA half-life <= rampup * images seen")
    p.add_argument("--no-flip", action="store_true", help="disable horizontal-flip augmentation")
    p.add_argument("--checkpoint-minutes", type=float, default=5.0)
    p.add_argument("--max-minutes", type=float, default=None, help="stop cleanly (with a checkpoint) after this")
    p.add_argument("--log-seconds", type=float, default=30.0, help="progress line interval")
    return p


class Trainer:
    def __init__(self, args):
        self.args = args
        self.device = torch.device(args.device)
        self.data = SynfaceImages(args.data)
        size = self.data.size
        missing = [r for r in (2 ** i for i in range(2, int(math.log2(size)) + 1)) if r not in args.channels]
        if missing:
            raise SystemExit(f"error: --channels lacks widths for resolutions {missing} (dataset size {size})")
        if args.batch % 4 != 0 and args.batch > 4:
            raise SystemExit("error: --batch must be a multiple of 4 (minibatch-stddev groups)")
        self.config = {"size": size, "style_dim": args.style_dim, "n_mlp": args.n_mlp, "lr_mlp": args.lr_mlp,
                       "channels": {str(k): v for k, v in sorted(args.channels.items()) if k <= size},
                       "blur_kernel": [1, 3, 3, 1]}
        torch.manual_seed(args.seed)
        channels = {int(k): v for k, v in self.config["channels"].items()}
        self.g = Generator(size, args.style_dim, args.n_mlp, lr_mlp=args.lr_mlp, channels=channels).to(self.device)
        self.d = Discriminator(size, channels=channels).to(self.device)
        self.g_ema = Generator(size, args.style_dim, args.n_mlp, lr_mlp=args.lr_mlp, channels=channels)
        self.g_ema = self.g_ema.to(self.device).eval()
        self.g_ema.load_state_dict(self.g.state_dict())
        for p in self.g_ema.parameters():
            p.requires_grad_(False)
        if self.device.type == "cpu":
            set_transpose_as_conv(self.g, True)
            set_transpose_as_conv(self.g_ema, True)
        ratio = args.d_reg_every / (args.d_reg_every + 1)
        self.g_optim = torch.optim.Adam(self.g.parameters(), lr=args.lr, betas=(0.0, 0.99))
        self.d_optim = torch.optim.Adam(self.d.parameters(), lr=args.lr * ratio, betas=(0.0, 0.99 ** ratio))
        self.rng = np.random.default_rng(args.seed)
        self.images_seen = 0
        self.iteration = 0
        self.wall_seconds = 0.0
        self.checkpoint_path = args.out / CHECKPOINT_NAME
        # Fixed latents for the progress sheets, independent of the training stream.
        self.sheet_z = torch.randn(64, args.style_dim, generator=torch.Generator().manual_seed(args.seed + 1))

    # ----- checkpointing -----
    def state(self):
        return {
            "g": self.g.state_dict(), "d": self.d.state_dict(), "g_ema": self.g_ema.state_dict(),
            "g_optim": self.g_optim.state_dict(), "d_optim": self.d_optim.state_dict(),
            "config": self.config,
            "progress": {"images_seen": self.images_seen, "iteration": self.iteration,
                         "wall_seconds": self.wall_seconds, "seed": self.args.seed,
                         "command": " ".join(sys.argv)},
            "rng": {"torch": torch.get_rng_state(), "numpy": self.rng.bit_generator.state,
                    "cuda": torch.cuda.get_rng_state() if self.device.type == "cuda" else None},
        }

    def save(self):
        self.args.out.mkdir(parents=True, exist_ok=True)
        tmp = self.checkpoint_path.with_suffix(".pt.tmp")
        torch.save(self.state(), tmp)
        os.replace(tmp, self.checkpoint_path)
        with torch.no_grad():
            images = self.g_ema([self.sheet_z.to(self.device)], randomize_noise=False)[0]
        save_sample_sheet(images.cpu(), self.args.out / "samples.png")

    def try_resume(self):
        if not self.checkpoint_path.is_file():
            return False
        ckpt = torch.load(self.checkpoint_path, map_location=self.device)
        if ckpt["config"] != self.config:
            raise SystemExit(f"error: {self.checkpoint_path} was trained with {ckpt['config']}, "
                             f"this command asks for {self.config}; use another --out")
        self.g.load_state_dict(ckpt["g"])
        self.d.load_state_dict(ckpt["d"])
        self.g_ema.load_state_dict(ckpt["g_ema"])
        self.g_optim.load_state_dict(ckpt["g_optim"])
        self.d_optim.load_state_dict(ckpt["d_optim"])
        prog = ckpt["progress"]
        self.images_seen, self.iteration, self.wall_seconds = prog["images_seen"], prog["iteration"], prog[
            "wall_seconds"]
        torch.set_rng_state(ckpt["rng"]["torch"].cpu())
        if ckpt["rng"].get("cuda") is not None and self.device.type == "cuda":
            torch.cuda.set_rng_state(ckpt["rng"]["cuda"].cpu())
        self.rng.bit_generator.state = ckpt["rng"]["numpy"]
        return True

    # ----- one iteration -----
    def real_batch(self):
        idx = self.rng.integers(0, len(self.data), self.args.batch)
        real = self.data.batch(idx, self.device)
        if not self.args.no_flip:
            flip = torch.from_numpy(self.rng.random(self.args.batch) < 0.5).to(self.device)
            real = torch.where(flip.view(-1, 1, 1, 1), real.flip(3), real)
        return real

    def fake(self):
        batch, dim = self.args.batch, self.args.style_dim
        if self.rng.random() < self.args.mixing:
            z = [torch.randn(batch, dim, device=self.device), torch.randn(batch, dim, device=self.device)]
            inject = int(self.rng.integers(1, self.g.n_latent))
        else:
            z, inject = [torch.randn(batch, dim, device=self.device)], None
        return self.g(z, inject_index=inject)[0]

    def step(self):
        args = self.args
        real = self.real_batch()
        # Discriminator: softplus(D(fake)) + softplus(-D(real)).
        self.g.requires_grad_(False)
        self.d.requires_grad_(True)
        with torch.no_grad():
            fake = self.fake()
        d_loss = F.softplus(self.d(fake)).mean() + F.softplus(-self.d(real)).mean()
        self.d_optim.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_optim.step()
        r1 = None
        if args.r1 > 0 and self.iteration % args.d_reg_every == 0:
            real.requires_grad_(True)
            real_pred = self.d(real)
            (grad,) = torch.autograd.grad(real_pred.sum(), real, create_graph=True)
            r1 = grad.pow(2).flatten(1).sum(1).mean()
            self.d_optim.zero_grad(set_to_none=True)
            # 0 * pred keeps every D output in the graph, as rosinality does.
            (args.r1 / 2 * r1 * args.d_reg_every + 0 * real_pred[0, 0]).backward()
            self.d_optim.step()
        # Generator: softplus(-D(G(z))).
        self.g.requires_grad_(True)
        self.d.requires_grad_(False)
        g_loss = F.softplus(-self.d(self.fake())).mean()
        self.g_optim.zero_grad(set_to_none=True)
        g_loss.backward()
        self.g_optim.step()
        self.images_seen += args.batch
        self.iteration += 1
        self.update_ema()
        return d_loss.item(), g_loss.item(), (r1.item() if r1 is not None else None)

    def update_ema(self):
        half_life = self.args.ema_kimg * 1000
        if self.args.ema_rampup:
            half_life = min(half_life, self.images_seen * self.args.ema_rampup)
        decay = 0.5 ** (self.args.batch / max(half_life, 1e-8))
        with torch.no_grad():
            for p_ema, p in zip(self.g_ema.parameters(), self.g.parameters()):
                p_ema.lerp_(p, 1 - decay)
            for b_ema, b in zip(self.g_ema.buffers(), self.g.buffers()):
                b_ema.copy_(b)

    # ----- loop -----
    def run(self):
        """Train to --kimg; SIGINT/SIGTERM stop at the next iteration boundary with a checkpoint."""
        self.stop_signal = None

        def request_stop(signum, _frame):
            self.stop_signal = signum

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            return self._loop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self):
        args = self.args
        target = int(args.kimg * 1000)
        resumed = self.try_resume()
        log = Logger(args.out / "log.txt")
        params = sum(p.numel() for p in self.g.parameters()), sum(p.numel() for p in self.d.parameters())
        log(f"{'resumed at' if resumed else 'starting at'} {self.images_seen / 1000:.1f} kimg of {args.kimg}; "
            f"G {params[0]:,} params, D {params[1]:,}; device {args.device}, threads {torch.get_num_threads()}, "
            f"data {args.data} ({len(self.data)} images, {self.data.size} px)")
        session_start = last_ckpt = last_log = time.time()
        log_images = self.images_seen
        r1_last = float("nan")
        while self.images_seen < target:
            t0 = time.time()
            d_loss, g_loss, r1 = self.step()
            r1_last = r1 if r1 is not None else r1_last
            now = time.time()
            self.wall_seconds += now - t0
            if not all(map(math.isfinite, (d_loss, g_loss))):
                raise SystemExit(f"error: loss became non-finite at iteration {self.iteration}; "
                                 f"last checkpoint is {self.checkpoint_path}")
            if now - last_log >= args.log_seconds:
                rate = (self.images_seen - log_images) / (now - last_log)
                eta_min = (target - self.images_seen) / max(rate, 1e-9) / 60
                log(f"kimg {self.images_seen / 1000:8.2f}/{args.kimg:g}  it {self.iteration:7d}  d {d_loss:.3f}  "
                    f"g {g_loss:.3f}  r1 {r1_last:.3f}  {rate:6.1f} img/s  train {self.wall_seconds / 60:6.1f} min"
                    f"  eta {eta_min:6.1f} min")
                last_log, log_images = now, self.images_seen
            out_of_time = args.max_minutes is not None and now - session_start >= args.max_minutes * 60
            if out_of_time or self.stop_signal or now - last_ckpt >= args.checkpoint_minutes * 60:
                self.save()
                last_ckpt = time.time()
                log(f"checkpoint at {self.images_seen / 1000:.2f} kimg -> {self.checkpoint_path}")
                if out_of_time:
                    log(f"stopping after --max-minutes {args.max_minutes:g}; rerun the command to resume")
                    return 0
                if self.stop_signal:
                    log(f"stopping on signal {signal.Signals(self.stop_signal).name}; rerun the command to resume")
                    return 0
        self.save()
        log(f"done: {self.images_seen / 1000:.2f} kimg, {self.wall_seconds / 60:.1f} min of training -> "
            f"{self.checkpoint_path}")
        return 0


class Logger:
    def __init__(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path

    def __call__(self, line):
        stamped = f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] {line}"
        print(stamped, flush=True)
        with open(self.path, "a") as f:
            f.write(stamped + "\n")


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        print("error: --device cuda but torch.cuda.is_available() is False", file=sys.stderr)
        return 2
    torch.set_num_threads(max(1, args.threads))
    return Trainer(args).run()


if __name__ == "__main__":
    sys.exit(main())
