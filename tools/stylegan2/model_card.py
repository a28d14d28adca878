"""Write a bundle's model card (MODEL_CARD.md) and its 64-sample sheet (samples.png) from the run's artefacts.

  /usr/bin/python3 tools/stylegan2/model_card.py --bundle public/models/synface-64 \
      --ckpt runs/synface-64/checkpoint.pt --data DATA_DIR --recall recall.json [--recall-sheet recall.png]

Every figure in the card is read from the checkpoint (command, seed, images seen, training time), the dataset's
meta.json, the bundle's manifest (architecture, parity) and the recall JSON of invert_eval.py; none is typed in.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import torch  # noqa: E402

from tools.stylegan2 import sample_sheet  # noqa: E402


def bundle_megabytes(bundle):
    return sum(f.stat().st_size for f in Path(bundle).iterdir() if f.is_file()) / 1e6


def render_card(manifest, progress, data_meta, recall, sheet_name, recall_sheet_name, bundle_mb):
    cfg = manifest["config"]
    widths = ", ".join(f"{k}: {v}" for k, v in cfg["generator_channels"].items())
    worst_parity = max(r["maxAbsDiff"] for r in manifest["parity"]["results"])
    lines = [
        f"# Model card: {manifest['name']}",
        "",
        "A small StyleGAN2 (rosinality architecture, pure PyTorch) trained by this project on its synthetic face "
        "dataset, bundled for the app (format: docs/MODEL_BUNDLE.md).",
        "",
        "## Architecture",
        f"- {cfg['size']} px, style_dim {cfg['style_dim']}, {cfg['n_mlp']} mapping layers (lr_mul {cfg['lr_mlp']}), "
        f"n_latent {cfg['n_latent']}",
        f"- channel widths (G and D): {widths}",
        f"- bundle size {bundle_mb:.1f} MB; ONNX parity vs PyTorch (onnxruntime-web wasm): max abs diff "
        f"{worst_parity:.2g}",
        "",
        "## Data",
        f"- `{data_meta.get('format')}` synthetic faces, {data_meta.get('count')} images at {data_meta.get('size')} px, "
        f"seeds {data_meta.get('splitSeedRange')} (split: {data_meta.get('split', 'train')})",
        "- augmentation: horizontal flips",
        "",
        "## Training",
        f"- command: `{progress.get('command')}`",
        f"- seed {progress.get('seed')}; {progress['images_seen'] / 1000:.1f} kimg seen "
        f"({progress['iteration']} iterations); {progress['wall_seconds'] / 3600:.2f} h of training time",
        "- losses: non-saturating logistic, lazy R1 on reals, style mixing; EMA generator exported",
        "",
        "## Samples",
        f"![64 samples, truncation 1, fixed noise]({sheet_name})",
        "",
        "64 samples (seed 0, truncation 1, the bundle's fixed noise): what the app shows.",
        "",
        "## Recall (GAN inversion of held-out images)",
        f"- {recall['count']} held-out test images ({recall['data']}, first seed {recall.get('data_seed')}), each "
        f"inverted by optimizing {recall['latent_space']} from w_avg with Adam, {recall['steps']} steps, lr "
        f"{recall['lr']}, L1 + {recall['feature_weight']} x discriminator-feature loss",
        f"- PSNR: mean **{recall['psnr_mean']:.2f} dB**, std {recall['psnr_std']:.2f}, median "
        f"{recall['psnr_median']:.2f}, min {recall['psnr_min']:.2f}, max {recall['psnr_max']:.2f} "
        f"(the w_avg image alone: {recall['psnr_at_w_avg_mean']:.2f} dB)",
    ]
    if recall_sheet_name:
        lines += ["", f"![targets (odd rows) and their inversions (even rows)]({recall_sheet_name})"]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--ckpt", required=True, type=Path, help="train.py checkpoint the bundle came from")
    parser.add_argument("--data", required=True, type=Path, help="training dataset folder (for meta.json)")
    parser.add_argument("--recall", required=True, type=Path, help="JSON written by invert_eval.py --out")
    parser.add_argument("--recall-sheet", type=Path, help="PNG written by invert_eval.py --sheet (copied)")
    args = parser.parse_args(argv)
    manifest = json.loads((args.bundle / "manifest.json").read_text())
    progress = torch.load(args.ckpt, map_location="cpu")["progress"]
    data_meta = json.loads((args.data / "meta.json").read_text())
    recall = json.loads(args.recall.read_text())
    sample_sheet.main(["--bundle", str(args.bundle), "--out", str(args.bundle / "samples.png"), "--count", "64"])
    recall_sheet_name = None
    if args.recall_sheet:
        recall_sheet_name = "recall.png"
        shutil.copyfile(args.recall_sheet, args.bundle / recall_sheet_name)
    card = render_card(manifest, progress, data_meta, recall, "samples.png", recall_sheet_name,
                       bundle_megabytes(args.bundle))
    (args.bundle / "MODEL_CARD.md").write_text(card)
    print(f"wrote {args.bundle / 'MODEL_CARD.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
