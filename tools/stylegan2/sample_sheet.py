"""Sample sheets: a grid PNG of generator samples (progress images during training, the model card's sheet).

  /usr/bin/python3 tools/stylegan2/sample_sheet.py --bundle public/models/synface-64 --out sheet.png [--count 64]

With --bundle the samples come from the bundle's weights with its fixed noise and truncation 1 (what the app sees).
"""

import argparse
import math
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402


def images_to_uint8(images):
    """[-1, 1] float NCHW -> uint8 NHWC, clamped as GAN2Shape does."""
    x = ((images.detach().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return x.permute(0, 2, 3, 1).cpu().numpy()


def save_sample_sheet(images, path, columns=None, padding=2):
    pixels = images_to_uint8(images)
    count, height, width, _ = pixels.shape
    columns = columns or int(math.ceil(math.sqrt(count)))
    rows = int(math.ceil(count / columns))
    sheet = np.full((rows * (height + padding) + padding, columns * (width + padding) + padding, 3), 255, np.uint8)
    for i in range(count):
        r, c = divmod(i, columns)
        y, x = padding + r * (height + padding), padding + c * (width + padding)
        sheet[y:y + height, x:x + width] = pixels[i]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    Image.fromarray(sheet).save(tmp)
    tmp.replace(path)
    return sheet


def main(argv=None):
    from tools.stylegan2.bundle import load_bundle_models

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--truncation", type=float, default=1.0, help="psi toward w_avg (1 = none)")
    args = parser.parse_args(argv)
    _, g, _, w_avg = load_bundle_models(args.bundle)
    z = torch.randn(args.count, g.style_dim, generator=torch.Generator().manual_seed(args.seed))
    with torch.no_grad():
        w = g.mapping(z)
        w = w_avg + args.truncation * (w - w_avg)
        images = g.synthesis(w.unsqueeze(1).repeat(1, g.n_latent, 1), noise=g.fixed_noise())
    save_sample_sheet(images, args.out)
    print(f"wrote {args.out} ({args.count} samples, seed {args.seed}, truncation {args.truncation:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
