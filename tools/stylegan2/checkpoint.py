"""Loading rosinality-format checkpoints ({'g_ema', 'd', ...}) into this package's models, with clear errors."""

import math
import re

import torch

from tools.stylegan2.model import Discriminator, Generator, check_size


class CheckpointMismatch(ValueError):
    pass


def load_checkpoint_file(path):
    """torch.load on CPU; checkpoints pickle argparse.Namespace in 'args', so fall back from weights_only."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # a torch without weights_only
        return torch.load(path, map_location="cpu")
    except Exception:  # noqa: BLE001 - any unpickling refusal: the file is the user's own checkpoint
        return torch.load(path, map_location="cpu", weights_only=False)


def guess_architecture(g_state):
    """Size and channel multiplier implied by a g_ema state dict (for error messages)."""
    rgb_blocks = {int(m.group(1)) for k in g_state for m in [re.match(r"to_rgbs\.(\d+)\.", k)] if m}
    if not rgb_blocks:
        return None
    size = 2 ** (max(rgb_blocks) + 3)
    guess = {"size": size}
    if "style.1.weight" in g_state:
        guess["style_dim"] = int(g_state["style.1.weight"].shape[0])
        guess["n_mlp"] = len({k.split(".")[1] for k in g_state if k.startswith("style.")})
    if size >= 64:
        block = 2 * (int(math.log2(64)) - 3)  # first conv at 64 px
        key = f"convs.{block}.conv.weight"
        if key in g_state:
            width = int(g_state[key].shape[1])
            if width % 256 == 0:
                guess["channel_multiplier"] = width // 256
    return guess


def _compare(module, state, label):
    expected = module.state_dict()
    problems = []
    for key, tensor in expected.items():
        if key not in state:
            if not key.endswith(".kernel"):  # blur kernels are constants rebuilt from the config
                problems.append(f"{label}.{key} missing (expected shape {list(tensor.shape)})")
        elif tuple(state[key].shape) != tuple(tensor.shape):
            problems.append(f"{label}.{key} has shape {list(state[key].shape)}, expected {list(tensor.shape)}")
    for key in state:
        if key not in expected:
            problems.append(f"{label}.{key} is not part of this architecture")
    return problems


def build_models_from_checkpoint(ckpt, size, channel_multiplier, style_dim=512, n_mlp=8, lr_mlp=0.01,
                                 channels=None, source="checkpoint"):
    if not isinstance(ckpt, dict) or "g_ema" not in ckpt:
        keys = list(ckpt.keys())[:8] if isinstance(ckpt, dict) else type(ckpt).__name__
        raise CheckpointMismatch(f"{source}: not a rosinality StyleGAN2 checkpoint (no 'g_ema'; found {keys})")
    if "d" not in ckpt:
        raise CheckpointMismatch(f"{source}: has 'g_ema' but no discriminator 'd'; the app needs both")
    check_size(size)
    g = Generator(size, style_dim, n_mlp, channel_multiplier=channel_multiplier, lr_mlp=lr_mlp, channels=channels)
    d = Discriminator(size, channel_multiplier=channel_multiplier, channels=channels)
    problems = _compare(g, ckpt["g_ema"], "g_ema") + _compare(d, ckpt["d"], "d")
    if problems:
        guess = guess_architecture(ckpt["g_ema"])
        hint = f"\nThe checkpoint looks like: {guess}" if guess else ""
        shown = "\n  ".join(problems[:12])
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        raise CheckpointMismatch(
            f"{source} does not match size={size}, channel_multiplier={channel_multiplier}, style_dim={style_dim}, "
            f"n_mlp={n_mlp} ({len(problems)} problems):\n  {shown}{more}{hint}")
    g.load_state_dict(ckpt["g_ema"], strict=False)
    d.load_state_dict(ckpt["d"], strict=False)
    return g.eval(), d.eval()
