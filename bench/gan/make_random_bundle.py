"""Writes the random-weight 128 px config-e StyleGAN2 bundle bench:gan times (reused when it is already there).

usage: python3 bench/gan/make_random_bundle.py OUT_DIR
A seeded rosinality-layout checkpoint (channel multiplier 1, style_dim 512, n_mlp 8; noise strengths and biases
randomized so they matter) goes through tools/stylegan2/export.py, parity gate included.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import torch

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tools.stylegan2.model import Discriminator, Generator  # noqa: E402

SIZE, LATENT, N_MLP, MULTIPLIER, SEED = 128, 512, 8, 1, 128


def main(out: Path) -> None:
    if (out / "manifest.json").exists():
        print(f"bench:gan reuses {out}")
        return
    torch.manual_seed(SEED)
    g = Generator(SIZE, LATENT, N_MLP, channel_multiplier=MULTIPLIER)
    d = Discriminator(SIZE, channel_multiplier=MULTIPLIER)
    with torch.no_grad():
        for module in (g, d):
            for name, p in module.named_parameters():
                if name.endswith("noise.weight"):
                    p.uniform_(0.1, 0.3)
                elif name.endswith("bias"):
                    p.add_(torch.randn_like(p) * 0.1)
    with tempfile.TemporaryDirectory(prefix="bench-gan-") as tmp:
        ckpt = Path(tmp) / "random-e-128.pt"
        torch.save({"g_ema": g.state_dict(), "d": d.state_dict()}, ckpt)
        subprocess.run([sys.executable, str(REPO_ROOT / "tools/stylegan2/export.py"), "--ckpt", str(ckpt),
                        "--size", str(SIZE), "--channel-multiplier", str(MULTIPLIER), "--latent", str(LATENT),
                        "--n-mlp", str(N_MLP), "--out", str(out), "--name", "random-e-128",
                        "--w-avg-samples", "1000"], check=True, cwd=str(REPO_ROOT))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
