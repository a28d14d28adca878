"""Recall evaluation: invert held-out images into a bundle's generator and report PSNR.

  /usr/bin/python3 tools/stylegan2/invert_eval.py --bundle public/models/synface-64 --data TEST_DIR \
      --count 100 --steps 500 --out recall.json [--sheet recall.png]

Each image gets its own w, initialized at w_avg and optimized with Adam (rosinality projector's learning-rate
schedule: 5% warm-up, cosine ramp-down over the last 25%) on L1 + the discriminator-feature loss (mean |D_k(G(w)) -
D_k(x)| over the first 4 ResBlocks), with the bundle's fixed noise, as the app's inversion does. PSNR is measured
on [0, 1] images after clamping G's output to [-1, 1]. Images are inverted in batches (independent losses summed,
so each w gets exactly its own gradient).
"""

import argparse
import json
import math
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from tools.stylegan2.bundle import load_bundle_models  # noqa: E402
from tools.stylegan2.dataset import SynfaceImages  # noqa: E402
from tools.stylegan2.model import set_transpose_as_conv  # noqa: E402
from tools.stylegan2.sample_sheet import save_sample_sheet  # noqa: E402


def projector_lr(t, base_lr, rampdown=0.25, rampup=0.05):
    ramp = min(1.0, (1 - t) / rampdown)
    ramp = 0.5 - 0.5 * math.cos(ramp * math.pi)
    return base_lr * ramp * min(1.0, t / rampup)


def psnr(a, b):
    """Per-image PSNR of [-1, 1] images measured on the [0, 1] scale."""
    mse = ((a.clamp(-1, 1) - b.clamp(-1, 1)) / 2).pow(2).flatten(1).mean(1)
    return 10 * torch.log10(1.0 / mse.clamp_min(1e-12))


def invert_batch(g, d, targets, w_avg, steps, lr, feature_weight, wplus, feature_count=4):
    batch = targets.shape[0]
    n_latent = g.n_latent if wplus else 1
    w = w_avg.detach().reshape(1, 1, -1).repeat(batch, n_latent, 1).clone().requires_grad_(True)
    optim = torch.optim.Adam([w], lr=lr)
    noise = g.fixed_noise()
    with torch.no_grad():
        target_feats = d.features(targets, feature_count)
    for step in range(steps):
        for group in optim.param_groups:
            group["lr"] = projector_lr(step / steps, lr)
        image = g.synthesis(w.expand(batch, g.n_latent, -1) if not wplus else w, noise=noise)
        per_image = (image - targets).abs().flatten(1).mean(1)
        for fake_k, real_k in zip(d.features(image, feature_count), target_feats):
            per_image = per_image + feature_weight * (fake_k - real_k).abs().flatten(1).mean(1)
        optim.zero_grad(set_to_none=True)
        per_image.sum().backward()
        optim.step()
    with torch.no_grad():
        final = g.synthesis(w.expand(batch, g.n_latent, -1) if not wplus else w, noise=noise)
    return final, w.detach()


def evaluate(bundle, data_dir, count, steps, lr, feature_weight, wplus, batch, log=print, device="cpu"):
    manifest, g, d, w_avg = load_bundle_models(bundle)
    g, d, w_avg = g.to(device), d.to(device), w_avg.to(device)
    if device == "cpu":
        set_transpose_as_conv(g, True)
    for p in list(g.parameters()) + list(d.parameters()):
        p.requires_grad_(False)
    data = SynfaceImages(data_dir)
    if data.size != g.size:
        raise SystemExit(f"error: dataset images are {data.size} px, the generator makes {g.size} px")
    count = min(count, len(data))
    scores, initial_scores, recon = [], [], []
    with torch.no_grad():
        start_image = g.synthesis(w_avg.reshape(1, 1, -1).repeat(1, g.n_latent, 1), noise=g.fixed_noise())
    started = time.time()
    for first in range(0, count, batch):
        idx = np.arange(first, min(first + batch, count))
        targets = data.batch(idx, device)
        final, _ = invert_batch(g, d, targets, w_avg, steps, lr, feature_weight, wplus)
        scores += psnr(final, targets).tolist()
        initial_scores += psnr(start_image.expand_as(targets), targets).tolist()
        recon.append((targets.cpu(), final.cpu()))
        log(f"inverted {min(first + batch, count)}/{count}: running mean PSNR {np.mean(scores):.2f} dB "
            f"({time.time() - started:.0f} s)")
    scores = np.array(scores)
    result = {"bundle": str(bundle), "model": manifest.get("name"), "data": str(data_dir),
              "data_seed": data.seed0, "count": int(count), "steps": steps, "lr": lr,
              "feature_weight": feature_weight, "latent_space": "w+" if wplus else "w",
              "psnr_mean": float(scores.mean()), "psnr_std": float(scores.std()),
              "psnr_min": float(scores.min()), "psnr_max": float(scores.max()),
              "psnr_median": float(np.median(scores)),
              "psnr_at_w_avg_mean": float(np.mean(initial_scores)), "seconds": time.time() - started,
              "psnr_per_image": [round(float(s), 3) for s in scores]}
    return result, recon


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--data", required=True, type=Path, help="held-out test split (synface-v1 folder)")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--feature-weight", type=float, default=1.0, help="weight of the D-feature term")
    parser.add_argument("--wplus", action="store_true", help="optimize one w per style input instead of one w")
    parser.add_argument("--batch", type=int, default=25, help="images inverted together")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--out", type=Path, help="write the result JSON here")
    parser.add_argument("--sheet", type=Path, help="PNG: rows of targets above their reconstructions")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    result, recon = evaluate(args.bundle, args.data, args.count, args.steps, args.lr, args.feature_weight,
                             args.wplus, args.batch, device=args.device)
    print(f"recall PSNR over {result['count']} images: mean {result['psnr_mean']:.2f} dB, std "
          f"{result['psnr_std']:.2f}, min {result['psnr_min']:.2f}, max {result['psnr_max']:.2f} "
          f"(w_avg start: {result['psnr_at_w_avg_mean']:.2f} dB)")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    if args.sheet:
        targets = torch.cat([t for t, _ in recon])[:32]
        finals = torch.cat([f for _, f in recon])[:32]
        rows = []
        for start in range(0, targets.shape[0], 8):
            rows += [targets[start:start + 8], finals[start:start + 8]]
        save_sample_sheet(torch.cat(rows), args.sheet, columns=8)
    return 0


if __name__ == "__main__":
    sys.exit(main())
