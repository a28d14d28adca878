"""Pure-PyTorch versions of the StyleGAN2 building blocks (no CUDA extensions).

Everything here follows rosinality/stylegan2-pytorch's maths and parameter names so that its checkpoints load
unchanged: equalized learning rate (weights stored at unit variance and scaled at run time), the fused
bias + leaky-ReLU with gain sqrt(2), and upfirdn2d (zero-insertion upsampling, padding, FIR filtering,
decimation) written with ordinary tensor ops so it runs on CPU and exports to ONNX.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

LEAKY_SLOPE = 0.2
LEAKY_GAIN = math.sqrt(2.0)


def make_blur_kernel(taps):
    """Separable FIR taps -> normalized 2-D kernel (outer product divided by its sum)."""
    k = torch.tensor(taps, dtype=torch.float32)
    if k.ndim == 1:
        k = k[None, :] * k[:, None]
    return k / k.sum()


def upfirdn2d(x, kernel, up=1, down=1, pad=(0, 0)):
    """Upsample by zero insertion, pad (same pad pair on both axes), correlate with the flipped kernel, decimate.

    Equal to rosinality's upfirdn2d_native. The filtering is a depthwise convolution (one copy of the kernel per
    channel): much faster on CPU than folding channels into the batch, and it keeps the batch axis dynamic in ONNX.
    """
    # Static ints (channel count and spatial size are fixed per layer); only the batch axis stays dynamic in ONNX.
    channels, in_h, in_w = int(x.shape[1]), int(x.shape[2]), int(x.shape[3])
    kernel_h, kernel_w = kernel.shape
    pad0, pad1 = pad
    out = x
    if up > 1:
        out = out.reshape(-1, channels, in_h, 1, in_w, 1)
        out = F.pad(out, [0, up - 1, 0, 0, 0, up - 1])
        out = out.reshape(-1, channels, in_h * up, in_w * up)
    out = F.pad(out, [max(pad0, 0), max(pad1, 0), max(pad0, 0), max(pad1, 0)])
    if pad0 < 0 or pad1 < 0:
        out = out[
            :,
            :,
            max(-pad0, 0) : out.shape[2] - max(-pad1, 0),
            max(-pad0, 0) : out.shape[3] - max(-pad1, 0),
        ]
    weight = torch.flip(kernel, [0, 1]).to(out.dtype).reshape(1, 1, kernel_h, kernel_w).repeat(channels, 1, 1, 1)
    return F.conv2d(out, weight, stride=down, groups=channels)


def fused_leaky_relu(x, bias, negative_slope=LEAKY_SLOPE, scale=LEAKY_GAIN):
    """leaky_relu(x + bias) * sqrt(2); bias is per channel (dim 1)."""
    if bias is not None:
        shape = [1, bias.shape[0]] + [1] * (x.ndim - 2)
        x = x + bias.view(*shape)
    return F.leaky_relu(x, negative_slope) * scale


class FusedLeakyReLU(nn.Module):
    def __init__(self, channel, bias=True):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(channel)) if bias else None

    def forward(self, x):
        return fused_leaky_relu(x, self.bias)


class PixelNorm(nn.Module):
    def forward(self, x):
        return x * torch.rsqrt(torch.mean(x ** 2, dim=1, keepdim=True) + 1e-8)


class Upsample(nn.Module):
    """2x upsampling of the RGB skip path: zero insertion + blur with the kernel times factor^2."""

    def __init__(self, blur_kernel, factor=2):
        super().__init__()
        self.factor = factor
        self.register_buffer("kernel", make_blur_kernel(blur_kernel) * (factor ** 2))
        p = self.kernel.shape[0] - factor
        self.pad = ((p + 1) // 2 + factor - 1, p // 2)

    def forward(self, x):
        return upfirdn2d(x, self.kernel, up=self.factor, pad=self.pad)


class Blur(nn.Module):
    def __init__(self, blur_kernel, pad, upsample_factor=1):
        super().__init__()
        kernel = make_blur_kernel(blur_kernel)
        if upsample_factor > 1:
            kernel = kernel * (upsample_factor ** 2)
        self.register_buffer("kernel", kernel)
        self.pad = pad

    def forward(self, x):
        return upfirdn2d(x, self.kernel, pad=self.pad)


class EqualConv2d(nn.Module):
    def __init__(self, in_channel, out_channel, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channel, in_channel, kernel_size, kernel_size))
        self.scale = 1 / math.sqrt(in_channel * kernel_size ** 2)
        self.stride = stride
        self.padding = padding
        self.bias = nn.Parameter(torch.zeros(out_channel)) if bias else None

    def forward(self, x):
        return F.conv2d(x, self.weight * self.scale, bias=self.bias, stride=self.stride, padding=self.padding)


class EqualLinear(nn.Module):
    def __init__(self, in_dim, out_dim, bias=True, bias_init=0.0, lr_mul=1.0, activation=None):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim).div_(lr_mul))
        self.bias = nn.Parameter(torch.zeros(out_dim).fill_(bias_init)) if bias else None
        self.activation = activation
        self.scale = (1 / math.sqrt(in_dim)) * lr_mul
        self.lr_mul = lr_mul

    def forward(self, x):
        bias = self.bias * self.lr_mul if self.bias is not None else None
        if self.activation:
            return fused_leaky_relu(F.linear(x, self.weight * self.scale), bias)
        return F.linear(x, self.weight * self.scale, bias=bias)


class ConvLayer(nn.Sequential):
    """Discriminator conv: [Blur] -> EqualConv2d -> [FusedLeakyReLU]; indices match rosinality's Sequential."""

    def __init__(self, in_channel, out_channel, kernel_size, downsample=False, blur_kernel=(1, 3, 3, 1),
                 bias=True, activate=True):
        layers = []
        if downsample:
            factor = 2
            p = (len(blur_kernel) - factor) + (kernel_size - 1)
            layers.append(Blur(list(blur_kernel), pad=((p + 1) // 2, p // 2)))
            stride, padding = 2, 0
        else:
            stride, padding = 1, kernel_size // 2
        layers.append(EqualConv2d(in_channel, out_channel, kernel_size, padding=padding, stride=stride,
                                  bias=bias and not activate))
        if activate:
            layers.append(FusedLeakyReLU(out_channel, bias=bias))
        super().__init__(*layers)
