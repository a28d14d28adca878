"""Convert a StyleGAN2 checkpoint (rosinality format, or one written by train.py) into a model bundle.

  /usr/bin/python3 tools/stylegan2/export.py --ckpt FILE.pt --size 128 --channel-multiplier 1 \
      --out public/models/NAME

The bundle (manifest.json, weights.bin, mapping.onnx, synthesis.onnx; see docs/MODEL_BUNDLE.md) is staged in a
sibling folder and only moved into --out after the ONNX graphs pass the onnxruntime-web parity gate.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import torch  # noqa: E402

from tools.stylegan2.bundle import build_manifest, write_bundle_weights  # noqa: E402
from tools.stylegan2.checkpoint import (CheckpointMismatch, build_models_from_checkpoint,  # noqa: E402
                                        load_checkpoint_file)
from tools.stylegan2.onnx_export import ONNX_OPSET, export_generator_graphs  # noqa: E402
from tools.stylegan2.parity import PARITY_TOLERANCE, ParityError, run_parity_gate  # noqa: E402

BUNDLE_FILES = ("mapping.onnx", "synthesis.onnx", "weights.bin", "manifest.json")
# What the generator draws (GAN2Shape's configs); the app crops, masks and shapes the depth prior by it.
CATEGORIES = ("face", "cat", "car", "church", "synface")


def compute_w_avg(g, samples=10000, seed=0, chunk=2000):
    gen = torch.Generator().manual_seed(seed)
    total = torch.zeros(g.style_dim, dtype=torch.float64)
    with torch.no_grad():
        for start in range(0, samples, chunk):
            count = min(chunk, samples - start)
            total += g.mapping(torch.randn(count, g.style_dim, generator=gen)).double().sum(0)
    return (total / samples).float()


def write_bundle(g, d, out_dir, name, channel_multiplier=None, w_avg_samples=10000, w_avg_seed=0, extra=None,
                 log=print):
    """Export, gate on parity, then publish atomically-ish: files move into out_dir only after the gate passes."""
    out_dir = Path(out_dir)
    stage = out_dir.parent / f".{out_dir.name}.staging"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    try:
        g, d = g.eval(), d.eval()
        w_avg = compute_w_avg(g, w_avg_samples, w_avg_seed)
        export_generator_graphs(g, stage)
        report = run_parity_gate(g, stage)
        worst = max(r["maxAbsDiff"] for r in report["results"])
        log(f"parity gate passed: max |torch - onnxruntime-web| = {worst:.3g} (< {PARITY_TOLERANCE:g})")
        parity = {"runtime": report["runtime"], "tolerance": PARITY_TOLERANCE, "opset": ONNX_OPSET,
                  "results": [{"graph": Path(r["model"]).name, "output": r["output"], "dims": r["dims"],
                               "maxAbsDiff": r["maxAbsDiff"]} for r in report["results"]]}
        merged_extra = dict(extra or {})
        merged_extra["parity"] = parity
        manifest, entries = build_manifest(g, d, w_avg, name, channel_multiplier, w_avg_samples, w_avg_seed,
                                           merged_extra)
        write_bundle_weights(stage, manifest, entries)
        out_dir.mkdir(parents=True, exist_ok=True)
        # manifest.json last: a reader never sees a manifest pointing at stale graphs or weights.
        for file_name in BUNDLE_FILES:
            os.replace(stage / file_name, out_dir / file_name)
        return manifest
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def models_from_args(args, ckpt):
    config = ckpt.get("config") if isinstance(ckpt, dict) else None
    if config is not None:  # written by train.py: the checkpoint carries its own architecture
        if args.size is not None and args.size != config["size"]:
            raise CheckpointMismatch(f"{args.ckpt} was trained at size {config['size']}, not --size {args.size}")
        channels = {int(k): v for k, v in config["channels"].items()}
        return build_models_from_checkpoint(ckpt, config["size"], None, config["style_dim"], config["n_mlp"],
                                            config["lr_mlp"], channels=channels, source=str(args.ckpt)), None
    if args.size is None:
        raise CheckpointMismatch(f"{args.ckpt} is a rosinality checkpoint: pass --size (and --channel-multiplier)")
    models = build_models_from_checkpoint(ckpt, args.size, args.channel_multiplier, args.latent, args.n_mlp,
                                          args.lr_mlp, source=str(args.ckpt))
    return models, args.channel_multiplier


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ckpt", required=True, type=Path, help="checkpoint .pt with 'g_ema' and 'd'")
    parser.add_argument("--size", type=int, help="image size (rosinality checkpoints; train.py ones carry it)")
    parser.add_argument("--channel-multiplier", type=int, default=2, help="rosinality channel multiplier "
                        "(config-e: 1, config-f: 2)")
    parser.add_argument("--latent", type=int, default=512, help="style dimension (rosinality default 512)")
    parser.add_argument("--n-mlp", type=int, default=8, help="mapping layers (rosinality default 8)")
    parser.add_argument("--lr-mlp", type=float, default=0.01, help="mapping lr multiplier (rosinality 0.01)")
    parser.add_argument("--out", required=True, type=Path, help="bundle folder to (over)write")
    parser.add_argument("--name", help="bundle name (default: the --out folder name)")
    parser.add_argument("--w-avg-samples", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0, help="seed of the w_avg samples")
    parser.add_argument("--category", choices=CATEGORIES,
                        help="what the model draws (default: synface for a train.py checkpoint, which is trained on "
                        "this project's synthetic faces; face for a rosinality one)")
    args = parser.parse_args(argv)
    if not args.ckpt.is_file():
        print(f"error: checkpoint {args.ckpt} not found", file=sys.stderr)
        return 2
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    start = time.time()
    try:
        ckpt = load_checkpoint_file(args.ckpt)
        (g, d), multiplier = models_from_args(args, ckpt)
        trained_here = isinstance(ckpt, dict) and ckpt.get("config") is not None
        category = args.category or ("synface" if trained_here else "face")
        extra = {"source": {"checkpoint": args.ckpt.name}, "category": category}
        manifest = write_bundle(g, d, args.out, args.name or args.out.name, multiplier, args.w_avg_samples,
                                args.seed, extra)
    except CheckpointMismatch as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ParityError as err:
        print(f"error: {err}\nThe bundle was NOT written.", file=sys.stderr)
        return 3
    cfg = manifest["config"]
    print(f"wrote {args.out}: {manifest['category']} model, size {cfg['size']}, style_dim {cfg['style_dim']}, n_latent {cfg['n_latent']}, "
          f"{len(manifest['tensors'])} tensors, {time.time() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
