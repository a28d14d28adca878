"""Pretrains the latent-offset encoder E of a model bundle on the generator's own samples.

  /usr/bin/python3 tools/gan2shape/pretrain_encoder.py --bundle public/models/synface-64 --steps 3000 \
      [--nf 32] [--batch 16] [--image-weight 1.0] [--out DIR]  (default out: the bundle folder)

GAN2Shape's face, cat and synface runs start E from weights pretrained jointly on 200 images (method-reference
section 5); those weights cannot be had, and an E trained from scratch inside a run needs far more step-2
iterations than a short preset has before its projections follow the pseudo samples' pose (it collapses to
dw ~ 0: every projection looks like I_gan). This script gives E that head start for one generator, on pairs of
the generator's samples: I_a = G(w_a), I_b = G(w_b) with w_b = w_a + t (w_c - w_a), t ~ U(0, tMax), and trains
the method's exact relative projection

    dw = F(h0 + E(I_b) - E(I_a)) - F(h0)    (F = the mapping net's last `offset_layers` linears, h0 = the
                                             activation before them for z = 0)

to reproduce the pair: L = mean((dw - (w_b - w_a))^2) / var(w) + image_weight * mean|G(w_a + dw) - I_b|.
Writes encoder.json (format, size, nf, cout, offset_layers, tensor table, training record) and encoder.bin
(float32 tensors named as the TypeScript ResEncoder's parameters) next to the bundle; the method loads them
when present (src/gan2shape/gan/pretrainedEncoder.ts). Checkpoints every --save-every steps and resumes.
"""

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import torch  # noqa: E402

from tools.gan2shape.nets import ResEncoder, parameter_count  # noqa: E402
from tools.stylegan2.bundle import load_bundle_models, read_tensor_file, write_tensor_file  # noqa: E402

ENCODER_FORMAT = "gan2shape-latent-encoder"
ENCODER_VERSION = 1


def mapping_split(g, offset_layers):
    """(h0 [1, D], F) for the mapping net g.style = [PixelNorm, linear_1 .. linear_n]."""
    n = len(g.style) - 1
    first = n - min(max(1, offset_layers), n)
    head = g.style[: first + 1] if first > 0 else None
    tail = g.style[first + 1:] if first > 0 else g.style
    with torch.no_grad():
        h0 = head(torch.zeros(1, g.style_dim)) if head is not None else torch.zeros(1, g.style_dim)
    return h0, tail


def sample_w(g, n, psi_range, w_avg):
    with torch.no_grad():
        w = g.mapping(torch.randn(n, g.style_dim))
        psi = torch.empty(n, 1).uniform_(*psi_range)
        return w_avg + psi * (w - w_avg)


def render(g, w, noise):
    return g.synthesis(w.unsqueeze(1).expand(-1, g.n_latent, -1), noise=noise).clamp(-1, 1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bundle", required=True)
    p.add_argument("--out", default=None)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--nf", type=int, default=32)
    p.add_argument("--offset-layers", type=int, default=3)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--t-max", type=float, default=0.6)
    p.add_argument("--image-weight", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--save-every", type=int, default=200)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    out = Path(args.out or args.bundle)
    out.mkdir(parents=True, exist_ok=True)
    ckpt_path = out / "encoder-pretrain.ckpt"

    manifest, g, _, w_avg = load_bundle_models(args.bundle)
    for param in g.parameters():
        param.requires_grad_(False)
    size, dim = manifest["config"]["size"], manifest["config"]["style_dim"]
    noise = g.fixed_noise()
    h0, tail = mapping_split(g, args.offset_layers)
    with torch.no_grad():
        centre = tail(h0)
        w_var = sample_w(g, 2048, (1.0, 1.0), w_avg).var(0).mean()
    enc = ResEncoder(size, args.nf, dim)
    opt = torch.optim.Adam(enc.parameters(), lr=args.lr)
    step, history = 0, []
    if ckpt_path.exists():
        state = torch.load(ckpt_path)
        enc.load_state_dict(state["encoder"])
        opt.load_state_dict(state["optimizer"])
        step, history = state["step"], state["history"]
        torch.set_rng_state(state["rng"])
        print(f"resumed at step {step}")

    def save():
        torch.save({"encoder": enc.state_dict(), "optimizer": opt.state_dict(), "step": step, "history": history,
                    "rng": torch.get_rng_state()}, ckpt_path)

    started = time.time()
    while step < args.steps:
        w_a = sample_w(g, args.batch, (0.5, 1.0), w_avg)
        w_c = sample_w(g, args.batch, (0.5, 1.0), w_avg)
        t = torch.empty(args.batch, 1).uniform_(0, args.t_max)
        w_b = w_a + t * (w_c - w_a)
        with torch.no_grad():
            im_a, im_b = render(g, w_a, noise), render(g, w_b, noise)
        codes = enc(torch.cat([im_b, im_a]))
        dw = tail(h0 + codes[: args.batch] - codes[args.batch:]) - centre
        latent_loss = ((dw - (w_b - w_a)) ** 2).mean() / w_var
        loss = latent_loss
        image_loss = torch.zeros(())
        if args.image_weight > 0:
            image_loss = (render(g, w_a + dw, noise) - im_b).abs().mean()
            loss = loss + args.image_weight * image_loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 20 == 0 or step == args.steps:
            history.append({"step": step, "latent": float(latent_loss), "image": float(image_loss)})
            print(f"step {step}/{args.steps} latent {float(latent_loss):.4f} image L1 {float(image_loss):.4f} "
                  f"({time.time() - started:.0f} s)", flush=True)
        if step % args.save_every == 0:
            save()
    save()

    named = [(name, t.detach().numpy()) for name, t in enc.state_dict().items()]
    table = write_tensor_file(out / "encoder.bin", named)
    meta = {
        "format": ENCODER_FORMAT, "version": ENCODER_VERSION, "bundle": manifest["name"], "size": size,
        "nf": args.nf, "cout": dim, "offset_layers": args.offset_layers, "parameters": parameter_count(enc),
        "weights": "encoder.bin", "tensors": table,
        "training": {"steps": step, "batch": args.batch, "lr": args.lr, "t_max": args.t_max,
                     "image_weight": args.image_weight, "seed": args.seed, "final": history[-1] if history else None},
    }
    (out / "encoder.json").write_text(json.dumps(meta, indent=1))
    check = read_tensor_file(out / "encoder.bin", table)
    assert all((check[n] == a).all() for n, a in named)
    print(f"wrote {out / 'encoder.json'} and encoder.bin ({meta['parameters']} parameters)")


if __name__ == "__main__":
    main()
