"""PyTorch definitions of the method's viewpoint/light encoder and latent-offset encoder, mirroring
src/gan2shape/nets/encoder.ts and src/gan2shape/nets/resEncoder.ts (method-reference section 2).

Module names are chosen so that `state_dict()` keys equal the TS modules' `namedParameters()` names, in the same
order (`conv0.weight`, ...; `stem.weight`, `block1.conv1.weight`, ..., `block1.shortcut.bias`, `head.weight`,
`out.weight`), so a state dict imports into the engine without a name map.

Both nets generalise GAN2Shape's networks.Encoder / networks.ResEncoder (which are written for S >= 64) to any
power-of-two size S >= 16: log2(S) - 2 stride-2 levels take the image to 4x4. At 64 and 128 px they have
GAN2Shape's layout and widths.

Run with Debian's interpreter (/usr/bin/python3), where `import torch` works.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F


def downsampling_levels(size):
    """Stride-2 levels from S down to 4x4: log2(S) - 2 (4 at 64 px, 5 at 128 px); S a power of two >= 16."""
    levels = math.log2(size) - 2
    if levels != int(levels) or levels < 2:
        raise ValueError(f"image size must be a power of two >= 16, got {size}")
    return int(levels)


class Encoder(nn.Module):
    """V (cout 6) / L (cout 4): conv4 s2 p1 + ReLU per level (widths nf * 2^level), conv4 s1 p0 keeping the width
    + ReLU, conv1 -> cout, tanh; output [B, cout]. All convs bias-free, no normalisation. `zero_last` zeroes the
    last conv (the TS net's default deviation, so that the first outputs are tanh(0) = 0)."""

    def __init__(self, size, nf, cout, zero_last=False):
        super().__init__()
        self.cout = cout
        channels = 3
        specs = [(nf * 2**level, 4, 2, 1) for level in range(downsampling_levels(size))]
        specs.append((nf * 2 ** (len(specs) - 1), 4, 1, 0))
        specs.append((cout, 1, 1, 0))
        self.convs = []
        for i, (out, k, stride, padding) in enumerate(specs):
            conv = nn.Conv2d(channels, out, k, stride=stride, padding=padding, bias=False)
            self.add_module(f"conv{i}", conv)
            self.convs.append(conv)
            channels = out
        if zero_last:
            with torch.no_grad():
                self.convs[-1].weight.zero_()

    def forward(self, x):
        h = x
        for i, conv in enumerate(self.convs):
            h = conv(h)
            if i < len(self.convs) - 1:
                h = F.relu(h)
        return torch.tanh(h).reshape(x.shape[0], self.cout)


class ResBlockDown(nn.Module):
    """main = ReLU -> conv3 s2 p1 -> ReLU -> conv3 s1 p1 (bias-free); shortcut = avgpool2 -> conv1 (with bias); sum.

    Deliberate deviation from GAN2Shape: its block applies the first ReLU in place, which also overwrites the
    block's input, so its shortcut sees ReLU(x). Here (as in the TS ResBlockDown) the shortcut sees x itself, the
    block's intended maths; nothing below is in place."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=2, padding=1, bias=False)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.shortcut = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x):
        main = self.conv2(F.relu(self.conv1(F.relu(x))))
        return main + self.shortcut(F.avg_pool2d(x, 2))


class ResEncoder(nn.Module):
    """E: conv4 s2 p1 3 -> nf (bias-free), ResBlockDown doubling the width down to 4x4, ReLU, conv4 s1 p0 to twice
    the width, ReLU, conv1 -> cout (bias-free); no output activation; output [B, cout]."""

    def __init__(self, size, nf, cout):
        super().__init__()
        self.cout = cout
        levels = downsampling_levels(size)
        self.stem = nn.Conv2d(3, nf, 4, stride=2, padding=1, bias=False)
        channels = nf
        self.blocks = []
        for i in range(1, levels):
            block = ResBlockDown(channels, channels * 2)
            self.add_module(f"block{i}", block)
            self.blocks.append(block)
            channels *= 2
        self.head = nn.Conv2d(channels, channels * 2, 4, stride=1, padding=0, bias=False)
        self.out = nn.Conv2d(channels * 2, cout, 1, bias=False)

    def forward(self, x):
        h = self.stem(x)
        for block in self.blocks:
            h = block(h)
        h = F.relu(self.head(F.relu(h)))
        return self.out(h).reshape(x.shape[0], self.cout)


def encoder_parameter_count(size, nf, cout):
    """Closed form: sum over levels of 16 c_in c_out, + 16 c^2 (4x4 valid conv), + c cout (1x1)."""
    count, channels = 0, 3
    for level in range(downsampling_levels(size)):
        count += 16 * channels * nf * 2**level
        channels = nf * 2**level
    return count + 16 * channels * channels + channels * cout


def res_block_down_parameter_count(cin, cout):
    return 9 * cin * cout + 9 * cout * cout + cin * cout + cout


def res_encoder_parameter_count(size, nf, cout):
    count, channels = 16 * 3 * nf, nf
    for _ in range(1, downsampling_levels(size)):
        count += res_block_down_parameter_count(channels, 2 * channels)
        channels *= 2
    return count + 16 * channels * 2 * channels + 2 * channels * cout


def parameter_count(net):
    return sum(p.numel() for p in net.parameters())
