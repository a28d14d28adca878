"""weights.bin + manifest.json writer/reader: the contract between the Python tools and the TypeScript engine.

The layout is documented in docs/MODEL_BUNDLE.md; keep the two in step.
"""

import json
import math
import os
from pathlib import Path

import numpy as np
import torch

from tools.stylegan2.model import DEMOD_EPS, Discriminator, Generator
from tools.stylegan2.ops import LEAKY_GAIN, LEAKY_SLOPE, make_blur_kernel

BUNDLE_FORMAT = "gan2shape-stylegan2-bundle"
BUNDLE_VERSION = 1
ALIGNMENT = 256


def write_tensor_file(path, named_arrays):
    """Write float32 little-endian arrays, each at a 256-byte aligned offset; return the tensor table."""
    table = []
    offset = 0
    tmp = Path(str(path) + ".tmp")
    with open(tmp, "wb") as f:
        for name, array in named_arrays:
            data = np.ascontiguousarray(np.asarray(array, dtype="<f4"))
            pad = (-offset) % ALIGNMENT
            f.write(b"\0" * pad)
            offset += pad
            f.write(data.tobytes())
            table.append({"name": name, "shape": list(data.shape), "dtype": "float32", "offset": offset,
                          "byteLength": data.nbytes})
            offset += data.nbytes
    os.replace(tmp, path)
    return table


def read_tensor_file(path, table):
    raw = Path(path).read_bytes()
    out = {}
    for entry in table:
        if entry["dtype"] != "float32":
            raise ValueError(f"unsupported dtype {entry['dtype']} for {entry['name']}")
        count = int(np.prod(entry["shape"])) if entry["shape"] else 1
        arr = np.frombuffer(raw, dtype="<f4", count=count, offset=entry["offset"])
        out[entry["name"]] = arr.reshape(entry["shape"])
    return out


def _runtime_gain(module_name, param_name, param, lr_mlp):
    """Multiplier the engine applies to the stored tensor (equalized learning rate / lr_mul)."""
    if param_name.endswith("noises") or ".noises." in param_name:
        return 1.0
    is_mapping = module_name == "g_ema" and param_name.startswith("style.")
    if param_name.endswith(".bias"):
        return float(lr_mlp) if is_mapping else 1.0
    if not param_name.endswith(".weight") or param.ndim < 2:
        return 1.0
    if param.ndim == 2:  # EqualLinear [out, in]
        return (float(lr_mlp) if is_mapping else 1.0) / math.sqrt(param.shape[1])
    fan_in = int(np.prod(param.shape[-3:]))  # [.., out, in, k, k]
    return 1.0 / math.sqrt(fan_in)


def _named_tensors(module_name, module, lr_mlp):
    """Parameters and the fixed noise buffers; blur kernels are constants described in the config instead."""
    items = []
    for name, param in module.named_parameters():
        items.append((name, param.detach()))
    for name, buf in module.named_buffers():
        if name.startswith("noises."):
            items.append((name, buf.detach()))
    entries = []
    for name, tensor in items:
        entries.append((f"{module_name}.{name}", tensor.cpu().float().numpy(),
                        _runtime_gain(module_name, name, tensor, lr_mlp)))
    return entries


def synthesis_layout(g):
    """Explicit execution order of the synthesis network so the engine needs no naming conventions."""
    layers = [{"kind": "const", "tensor": "g_ema.input.input", "channels": g.channels[4], "resolution": 4}]
    layers.append({"kind": "styled_conv", "prefix": "g_ema.conv1", "latent_index": 0, "upsample": False,
                   "in_channels": g.channels[4], "out_channels": g.channels[4], "resolution": 4,
                   "noise": "g_ema.noises.noise_0"})
    layers.append({"kind": "to_rgb", "prefix": "g_ema.to_rgb1", "latent_index": 1, "in_channels": g.channels[4],
                   "resolution": 4, "skip_upsample": False})
    in_ch = g.channels[4]
    for block, res_log in enumerate(range(3, g.log_size + 1)):
        res = 2 ** res_log
        out_ch = g.channels[res]
        i = 1 + 2 * block
        layers.append({"kind": "styled_conv", "prefix": f"g_ema.convs.{2 * block}", "latent_index": i,
                       "upsample": True, "in_channels": in_ch, "out_channels": out_ch, "resolution": res,
                       "noise": f"g_ema.noises.noise_{i}"})
        layers.append({"kind": "styled_conv", "prefix": f"g_ema.convs.{2 * block + 1}", "latent_index": i + 1,
                       "upsample": False, "in_channels": out_ch, "out_channels": out_ch, "resolution": res,
                       "noise": f"g_ema.noises.noise_{i + 1}"})
        layers.append({"kind": "to_rgb", "prefix": f"g_ema.to_rgbs.{block}", "latent_index": i + 2,
                       "in_channels": out_ch, "resolution": res, "skip_upsample": True})
        in_ch = out_ch
    return layers


def discriminator_layout(d):
    blocks = [{"kind": "from_rgb", "prefix": "d.convs.0", "in_channels": 3, "out_channels": d.channels[d.size],
               "resolution": d.size}]
    in_ch = d.channels[d.size]
    res = d.size
    for index in range(1, len(d.convs)):
        out_ch = d.channels[res // 2]
        blocks.append({"kind": "res_block", "prefix": f"d.convs.{index}", "in_channels": in_ch,
                       "out_channels": out_ch, "in_resolution": res, "out_resolution": res // 2,
                       "feature_index": index - 1 if index <= 4 else None})
        in_ch, res = out_ch, res // 2
    blocks.append({"kind": "minibatch_stddev", "group": d.stddev_group, "features": d.stddev_feat, "eps": 1e-8})
    blocks.append({"kind": "final_conv", "prefix": "d.final_conv", "in_channels": in_ch + 1,
                   "out_channels": d.channels[4]})
    blocks.append({"kind": "final_linear", "prefix": "d.final_linear", "in_features": d.channels[4] * 16,
                   "hidden": d.channels[4]})
    return blocks


def model_config(g, d, channel_multiplier=None):
    kernel = make_blur_kernel(g.blur_kernel)
    return {
        "size": g.size,
        "style_dim": g.style_dim,
        "n_mlp": g.n_mlp,
        "lr_mlp": g.lr_mlp,
        "n_latent": g.n_latent,
        "num_noise_layers": g.num_layers,
        "channel_multiplier": channel_multiplier,
        "generator_channels": {str(k): v for k, v in sorted(g.channels.items()) if k <= g.size},
        "discriminator_channels": {str(k): v for k, v in sorted(d.channels.items()) if k <= d.size},
        "blur_kernel": list(g.blur_kernel),
        "blur_kernel_2d": kernel.tolist(),
        "leaky_relu": {"negative_slope": LEAKY_SLOPE, "gain": LEAKY_GAIN},
        "pixel_norm_eps": 1e-8,
        "demodulate_eps": DEMOD_EPS,
        "resblock_output_scale": 1 / math.sqrt(2),
        "upfirdn": {
            "rgb_skip_upsample": {"up": 2, "down": 1, "pad": list(g.to_rgbs[0].upsample.pad), "kernel_scale": 4},
            "modconv_upsample_blur": {"up": 1, "down": 1, "pad": list(g.convs[0].conv.blur.pad), "kernel_scale": 4,
                                      "after": "conv_transpose2d stride 2, padding 0, weight transposed to [in,out,k,k]"},
            "d_conv3_downsample_blur": {"up": 1, "down": 1, "pad": list(d.convs[1].conv2[0].pad), "kernel_scale": 1,
                                        "before": "conv2d 3x3 stride 2 padding 0"},
            "d_skip_downsample_blur": {"up": 1, "down": 1, "pad": list(d.convs[1].skip[0].pad), "kernel_scale": 1,
                                       "before": "conv2d 1x1 stride 2 padding 0"},
        },
    }


def build_manifest(g, d, w_avg, name, channel_multiplier=None, w_avg_samples=10000, w_avg_seed=0, extra=None):
    entries = _named_tensors("g_ema", g, g.lr_mlp) + _named_tensors("d", d, g.lr_mlp)
    entries.append(("w_avg", np.asarray(w_avg, dtype=np.float32).reshape(-1), 1.0))
    manifest = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "name": name,
        "byteOrder": "little",
        "alignment": ALIGNMENT,
        "weights": "weights.bin",
        "onnx": {"mapping": "mapping.onnx", "synthesis": "synthesis.onnx"},
        "config": model_config(g, d, channel_multiplier),
        "w_avg": {"tensor": "w_avg", "samples": w_avg_samples, "seed": w_avg_seed},
        "synthesis": synthesis_layout(g),
        "discriminator": discriminator_layout(d),
    }
    if extra:
        manifest.update(extra)
    return manifest, entries


def write_bundle_weights(out_dir, manifest, entries):
    out_dir = Path(out_dir)
    table = write_tensor_file(out_dir / "weights.bin", [(n, a) for n, a, _ in entries])
    gains = {n: gain for n, _, gain in entries}
    for entry in table:
        entry["gain"] = gains[entry["name"]]
    manifest["tensors"] = table
    tmp = out_dir / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1) + "\n")
    os.replace(tmp, out_dir / "manifest.json")
    return manifest


def load_bundle_models(bundle_dir):
    """Rebuild g_ema and d from a bundle (used by tests and tools that start from a bundle)."""
    bundle_dir = Path(bundle_dir)
    manifest = json.loads((bundle_dir / "manifest.json").read_text())
    cfg = manifest["config"]
    arrays = read_tensor_file(bundle_dir / manifest["weights"], manifest["tensors"])
    g = Generator(cfg["size"], cfg["style_dim"], cfg["n_mlp"], blur_kernel=cfg["blur_kernel"], lr_mlp=cfg["lr_mlp"],
                  channels={int(k): v for k, v in cfg["generator_channels"].items()})
    d = Discriminator(cfg["size"], blur_kernel=cfg["blur_kernel"],
                      channels={int(k): v for k, v in cfg["discriminator_channels"].items()})
    for prefix, module in (("g_ema.", g), ("d.", d)):
        state = {k[len(prefix):]: torch.from_numpy(v.copy()) for k, v in arrays.items() if k.startswith(prefix)}
        missing, unexpected = module.load_state_dict(state, strict=False)
        missing = [k for k in missing if not k.endswith(".kernel")]
        if missing or unexpected:
            raise ValueError(f"bundle {bundle_dir} does not match its config: missing {missing[:5]}, "
                             f"unexpected {unexpected[:5]}")
    w_avg = torch.from_numpy(arrays["w_avg"].copy()).reshape(1, -1)
    return manifest, g.eval(), d.eval(), w_avg
