"""Golden fixtures for the engine's StyleGAN2 implementation: a tiny random 64 px bundle and PyTorch's outputs.

  /usr/bin/python3 tools/stylegan2/golden_fixtures.py [--out tests/fixtures/stylegan2]

Writes OUT/bundle/ (a normal model bundle) and OUT/golden.json + OUT/golden.bin (float32 arrays in the bundle's
tensor-table layout). Every parameter is randomized, including the noise strengths and biases that a fresh
StyleGAN2 initializes to zero, so that each of them changes the fixtures. Contents (see docs/MODEL_BUNDLE.md):
  z [2, D], w_from_z = mapping(z) [2, D]
  w [2, n_latent, D] (a different w per style input), image = synthesis(w) with the fixed noise [2, 3, 64, 64]
  d_logits = D(image) [2, 1]
  x [1, 3, 64, 64] a fixed input image, d_feature_0..3 = outputs of D's first 4 ResBlocks on x
  loss = mean((G(w0) - x)^2) + sum_k mean((D_k(G(w0)) - D_k(x))^2) with w0 = w[:1];
  grad_w = dloss/dw0 [1, n_latent, D], grad_x = dloss/dx [1, 3, 64, 64]
"""

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import torch  # noqa: E402

from tools.stylegan2.bundle import write_tensor_file  # noqa: E402
from tools.stylegan2.model import Discriminator, Generator  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "stylegan2"
FIXTURE_CONFIG = {"size": 64, "style_dim": 16, "n_mlp": 2, "lr_mlp": 0.01,
                  "channels": {4: 16, 8: 16, 16: 8, 32: 8, 64: 8}}
FIXTURE_SEED = 20260
FEATURE_COUNT = 4


def build_fixture_models(seed=FIXTURE_SEED):
    torch.manual_seed(seed)
    cfg = FIXTURE_CONFIG
    g = Generator(cfg["size"], cfg["style_dim"], cfg["n_mlp"], lr_mlp=cfg["lr_mlp"], channels=cfg["channels"])
    d = Discriminator(cfg["size"], channels=cfg["channels"])
    with torch.no_grad():
        for name, p in list(g.named_parameters()) + list(d.named_parameters()):
            if name.endswith("noise.weight"):
                p.uniform_(0.1, 0.5)
            elif name.endswith("bias") and not name.endswith("modulation.bias"):
                p.normal_(0.0, 0.2)
            elif name.endswith("modulation.bias"):
                p.add_(torch.randn_like(p) * 0.2)
    return g.eval(), d.eval()


def fixture_loss(g, d, w0, x):
    image = g.synthesis(w0, noise=g.fixed_noise())
    loss = (image - x).pow(2).mean()
    for fake_k, real_k in zip(d.features(image, FEATURE_COUNT), d.features(x, FEATURE_COUNT)):
        loss = loss + (fake_k - real_k).pow(2).mean()
    return loss


def compute_golden(g, d, seed=FIXTURE_SEED):
    """Named float32 arrays (ordered) computed with PyTorch from the given models."""
    gen = torch.Generator().manual_seed(seed + 1)
    arrays = []
    with torch.no_grad():
        z = torch.randn(2, g.style_dim, generator=gen)
        arrays += [("z", z), ("w_from_z", g.mapping(z))]
        w = g.mapping(torch.randn(2 * g.n_latent, g.style_dim, generator=gen)).reshape(2, g.n_latent, -1)
        image = g.synthesis(w, noise=g.fixed_noise())
        arrays += [("w", w), ("image", image), ("d_logits", d(image))]
        # A smooth-ish input image: blurred noise keeps D's activations in a realistic range.
        x = torch.nn.functional.avg_pool2d(torch.randn(1, 3, 68, 68, generator=gen), 5, stride=1).clamp(-1, 1)
        arrays.append(("x", x))
        for k, feat in enumerate(d.features(x, FEATURE_COUNT)):
            arrays.append((f"d_feature_{k}", feat))
    w0 = w[:1].clone().requires_grad_(True)
    x_var = x.clone().requires_grad_(True)
    loss = fixture_loss(g, d, w0, x_var)
    grad_w, grad_x = torch.autograd.grad(loss, [w0, x_var])
    arrays += [("loss", loss.detach().reshape(1)), ("grad_w", grad_w), ("grad_x", grad_x)]
    return [(name, t.detach().cpu().numpy()) for name, t in arrays]


def write_golden(out_dir, arrays):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = write_tensor_file(out_dir / "golden.bin", arrays)
    doc = {"format": "gan2shape-stylegan2-golden", "version": 1, "bundle": "bundle/manifest.json",
           "seed": FIXTURE_SEED, "feature_count": FEATURE_COUNT,
           "loss": "mean((G(w0)-x)^2) + sum_k mean((D_k(G(w0)) - D_k(x))^2), w0 = w[:1], fixed noise",
           "tensors": table}
    (out_dir / "golden.json").write_text(json.dumps(doc, indent=1) + "\n")
    return doc


def main(argv=None):
    from tools.stylegan2.export import write_bundle

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # deterministic reductions
    g, d = build_fixture_models()
    write_bundle(g, d, args.out / "bundle", "golden-tiny-64", w_avg_samples=10000,
                 extra={"source": {"script": "tools/stylegan2/golden_fixtures.py", "seed": FIXTURE_SEED}})
    write_golden(args.out, compute_golden(g, d))
    total = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote golden fixtures to {args.out} ({total / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
