"""StyleGAN2 generator and discriminator with rosinality/stylegan2-pytorch's parameter and buffer names.

Any power-of-two size >= 8 and either rosinality's channel table (channel multiplier) or an explicit table.
The modulated convolution runs in the non-fused form (modulate the input, convolve with the shared weight,
demodulate the output), which is the same maths as the fused grouped convolution but exports to ONNX with a
dynamic batch; `fused=True` keeps the grouped form for the equality test.
"""

import math
import random

import torch
from torch import nn
from torch.nn import functional as F

from tools.stylegan2.ops import (Blur, ConvLayer, EqualLinear, FusedLeakyReLU, PixelNorm, Upsample)

DEMOD_EPS = 1e-8


def rosinality_channels(channel_multiplier):
    return {4: 512, 8: 512, 16: 512, 32: 512, 64: 256 * channel_multiplier, 128: 128 * channel_multiplier,
            256: 64 * channel_multiplier, 512: 32 * channel_multiplier, 1024: 16 * channel_multiplier}


def check_size(size):
    log_size = int(round(math.log2(size))) if size > 0 else 0
    if size < 8 or 2 ** log_size != size:
        raise ValueError(f"image size must be a power of two >= 8, got {size}")
    return log_size


def zero_insert_pad(x, kernel_size):
    """x upsampled 2x by zero insertion and padded so a stride-1 conv equals conv_transpose2d(stride 2, pad 0)."""
    channels, height, width = int(x.shape[1]), int(x.shape[2]), int(x.shape[3])
    out = F.pad(x.reshape(-1, channels, height, 1, width, 1), [0, 1, 0, 0, 0, 1])
    out = out.reshape(-1, channels, 2 * height, 2 * width)
    k = kernel_size - 1
    return F.pad(out, [k, k - 1, k, k - 1])


def set_transpose_as_conv(module, enabled):
    for m in module.modules():
        if isinstance(m, ModulatedConv2d):
            m.transpose_as_conv = enabled


class ModulatedConv2d(nn.Module):
    def __init__(self, in_channel, out_channel, kernel_size, style_dim, demodulate=True, upsample=False,
                 blur_kernel=(1, 3, 3, 1), fused=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.in_channel = in_channel
        self.out_channel = out_channel
        self.upsample = upsample
        if upsample:
            factor = 2
            p = (len(blur_kernel) - factor) - (kernel_size - 1)
            self.blur = Blur(list(blur_kernel), pad=((p + 1) // 2 + factor - 1, p // 2 + 1), upsample_factor=factor)
        self.scale = 1 / math.sqrt(in_channel * kernel_size ** 2)
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.randn(1, out_channel, in_channel, kernel_size, kernel_size))
        self.modulation = EqualLinear(style_dim, in_channel, bias_init=1)
        self.demodulate = demodulate
        self.fused = fused
        # CPU PyTorch has no fast transposed convolution; zero insertion + ordinary conv is the same sum.
        self.transpose_as_conv = False

    def forward(self, x, style):
        style = self.modulation(style)
        if self.fused:
            return self._forward_fused(x, style)
        batch = x.shape[0]
        weight = self.scale * self.weight.squeeze(0)
        x = x * style.reshape(batch, self.in_channel, 1, 1)
        if self.upsample and self.transpose_as_conv:
            out = self.blur(F.conv2d(zero_insert_pad(x, self.kernel_size), weight.flip([2, 3])))
        elif self.upsample:
            out = self.blur(F.conv_transpose2d(x, weight.transpose(0, 1), padding=0, stride=2))
        else:
            out = F.conv2d(x, weight, padding=self.padding)
        if self.demodulate:
            # sum_{i,k}(W[o,i,k] s[b,i])^2 = sum_i s[b,i]^2 * sum_k W[o,i,k]^2: a matmul, no per-sample weights.
            weight_energy = weight.pow(2).sum([2, 3])
            dcoefs = torch.rsqrt(style.pow(2) @ weight_energy.t() + DEMOD_EPS)
            out = out * dcoefs.reshape(batch, self.out_channel, 1, 1)
        return out

    def _forward_fused(self, x, style):
        """rosinality's grouped-convolution form: one modulated weight per sample."""
        batch, in_channel, height, width = x.shape
        weight = self.scale * self.weight * style.view(batch, 1, in_channel, 1, 1)
        if self.demodulate:
            demod = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + DEMOD_EPS)
            weight = weight * demod.view(batch, self.out_channel, 1, 1, 1)
        k = self.kernel_size
        x = x.reshape(1, batch * in_channel, height, width)
        if self.upsample:
            weight = weight.transpose(1, 2).reshape(batch * in_channel, self.out_channel, k, k)
            out = F.conv_transpose2d(x, weight, padding=0, stride=2, groups=batch)
            out = self.blur(out.view(batch, self.out_channel, out.shape[2], out.shape[3]))
            return out
        weight = weight.view(batch * self.out_channel, in_channel, k, k)
        out = F.conv2d(x, weight, padding=self.padding, groups=batch)
        return out.view(batch, self.out_channel, out.shape[2], out.shape[3])


class NoiseInjection(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))

    def forward(self, image, noise=None):
        if noise is None:
            noise = image.new_empty(image.shape[0], 1, image.shape[2], image.shape[3]).normal_()
        return image + self.weight * noise


class ConstantInput(nn.Module):
    def __init__(self, channel, size=4):
        super().__init__()
        self.input = nn.Parameter(torch.randn(1, channel, size, size))

    def forward(self, latent):
        return self.input.repeat(latent.shape[0], 1, 1, 1)


class StyledConv(nn.Module):
    def __init__(self, in_channel, out_channel, kernel_size, style_dim, upsample=False, blur_kernel=(1, 3, 3, 1)):
        super().__init__()
        self.conv = ModulatedConv2d(in_channel, out_channel, kernel_size, style_dim, upsample=upsample,
                                    blur_kernel=blur_kernel)
        self.noise = NoiseInjection()
        self.activate = FusedLeakyReLU(out_channel)

    def forward(self, x, style, noise=None):
        return self.activate(self.noise(self.conv(x, style), noise=noise))


class ToRGB(nn.Module):
    def __init__(self, in_channel, style_dim, upsample=True, blur_kernel=(1, 3, 3, 1)):
        super().__init__()
        if upsample:
            self.upsample = Upsample(list(blur_kernel))
        self.conv = ModulatedConv2d(in_channel, 3, 1, style_dim, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x, style, skip=None):
        out = self.conv(x, style) + self.bias
        if skip is not None:
            out = out + self.upsample(skip)
        return out


class Generator(nn.Module):
    def __init__(self, size, style_dim=512, n_mlp=8, channel_multiplier=2, blur_kernel=(1, 3, 3, 1), lr_mlp=0.01,
                 channels=None):
        super().__init__()
        self.log_size = check_size(size)
        self.size = size
        self.style_dim = style_dim
        self.n_mlp = n_mlp
        self.lr_mlp = lr_mlp
        self.blur_kernel = list(blur_kernel)
        self.channels = {int(k): int(v) for k, v in (channels or rosinality_channels(channel_multiplier)).items()}
        layers = [PixelNorm()]
        for _ in range(n_mlp):
            layers.append(EqualLinear(style_dim, style_dim, lr_mul=lr_mlp, activation="fused_lrelu"))
        self.style = nn.Sequential(*layers)

        self.input = ConstantInput(self.channels[4])
        self.conv1 = StyledConv(self.channels[4], self.channels[4], 3, style_dim, blur_kernel=blur_kernel)
        self.to_rgb1 = ToRGB(self.channels[4], style_dim, upsample=False)
        self.num_layers = (self.log_size - 2) * 2 + 1
        self.convs = nn.ModuleList()
        self.to_rgbs = nn.ModuleList()
        self.noises = nn.Module()
        for layer_idx in range(self.num_layers):
            res = (layer_idx + 5) // 2
            self.noises.register_buffer(f"noise_{layer_idx}", torch.randn(1, 1, 2 ** res, 2 ** res))
        in_channel = self.channels[4]
        for i in range(3, self.log_size + 1):
            out_channel = self.channels[2 ** i]
            self.convs.append(StyledConv(in_channel, out_channel, 3, style_dim, upsample=True,
                                         blur_kernel=blur_kernel))
            self.convs.append(StyledConv(out_channel, out_channel, 3, style_dim, blur_kernel=blur_kernel))
            self.to_rgbs.append(ToRGB(out_channel, style_dim, blur_kernel=blur_kernel))
            in_channel = out_channel
        self.n_latent = self.log_size * 2 - 2

    def fixed_noise(self):
        return [getattr(self.noises, f"noise_{i}") for i in range(self.num_layers)]

    def mapping(self, z):
        return self.style(z)

    def mean_latent(self, n_samples, generator=None):
        z = torch.randn(n_samples, self.style_dim, generator=generator, device=self.input.input.device)
        return self.style(z).mean(0, keepdim=True)

    def synthesis(self, latent, noise=None):
        """latent: [B, n_latent, style_dim] (one w per style input). noise: list per layer, None = random."""
        if noise is None:
            noise = [None] * self.num_layers
        out = self.input(latent)
        out = self.conv1(out, latent[:, 0], noise=noise[0])
        skip = self.to_rgb1(out, latent[:, 1])
        i = 1
        for conv1, conv2, noise1, noise2, to_rgb in zip(self.convs[::2], self.convs[1::2], noise[1::2],
                                                        noise[2::2], self.to_rgbs):
            out = conv1(out, latent[:, i], noise=noise1)
            out = conv2(out, latent[:, i + 1], noise=noise2)
            skip = to_rgb(out, latent[:, i + 2], skip)
            i += 2
        return skip

    def forward(self, styles, input_is_latent=False, noise=None, randomize_noise=True, inject_index=None,
                truncation=1.0, truncation_latent=None):
        """rosinality-compatible call: a list of one or two z (or w) batches; returns (image, latent)."""
        if not input_is_latent:
            styles = [self.style(s) for s in styles]
        if noise is None:
            noise = None if randomize_noise else self.fixed_noise()
        if truncation < 1:
            styles = [truncation_latent + truncation * (s - truncation_latent) for s in styles]
        if len(styles) < 2:
            latent = styles[0] if styles[0].ndim == 3 else styles[0].unsqueeze(1).repeat(1, self.n_latent, 1)
        else:
            if inject_index is None:
                inject_index = random.randint(1, self.n_latent - 1)
            latent = torch.cat([styles[0].unsqueeze(1).repeat(1, inject_index, 1),
                                styles[1].unsqueeze(1).repeat(1, self.n_latent - inject_index, 1)], 1)
        return self.synthesis(latent, noise), latent


class ResBlock(nn.Module):
    def __init__(self, in_channel, out_channel, blur_kernel=(1, 3, 3, 1)):
        super().__init__()
        self.conv1 = ConvLayer(in_channel, in_channel, 3, blur_kernel=blur_kernel)
        self.conv2 = ConvLayer(in_channel, out_channel, 3, downsample=True, blur_kernel=blur_kernel)
        self.skip = ConvLayer(in_channel, out_channel, 1, downsample=True, activate=False, bias=False,
                              blur_kernel=blur_kernel)

    def forward(self, x):
        return (self.conv2(self.conv1(x)) + self.skip(x)) / math.sqrt(2)


class Discriminator(nn.Module):
    def __init__(self, size, channel_multiplier=2, blur_kernel=(1, 3, 3, 1), channels=None):
        super().__init__()
        log_size = check_size(size)
        self.size = size
        self.channels = {int(k): int(v) for k, v in (channels or rosinality_channels(channel_multiplier)).items()}
        convs = [ConvLayer(3, self.channels[size], 1)]
        in_channel = self.channels[size]
        for i in range(log_size, 2, -1):
            out_channel = self.channels[2 ** (i - 1)]
            convs.append(ResBlock(in_channel, out_channel, blur_kernel))
            in_channel = out_channel
        self.convs = nn.Sequential(*convs)
        self.stddev_group = 4
        self.stddev_feat = 1
        self.final_conv = ConvLayer(in_channel + 1, self.channels[4], 3)
        self.final_linear = nn.Sequential(
            EqualLinear(self.channels[4] * 4 * 4, self.channels[4], activation="fused_lrelu"),
            EqualLinear(self.channels[4], 1),
        )

    def features(self, x, count=4):
        """Outputs of the first `count` ResBlocks (GAN2Shape's perceptual features), fewer if the net is shallow."""
        out = self.convs[0](x)
        feats = []
        for block in list(self.convs)[1:1 + count]:
            out = block(out)
            feats.append(out)
        return feats

    def forward(self, x):
        out = self.convs(x)
        batch, channel, height, width = out.shape
        group = min(batch, self.stddev_group)
        if batch % group != 0:
            raise ValueError(f"discriminator batch {batch} must be a multiple of {group} (minibatch-stddev groups)")
        stddev = out.view(group, -1, self.stddev_feat, channel // self.stddev_feat, height, width)
        stddev = torch.sqrt(stddev.var(0, unbiased=False) + 1e-8)
        stddev = stddev.mean([2, 3, 4], keepdim=True).squeeze(2)
        stddev = stddev.repeat(group, 1, height, width)
        out = self.final_conv(torch.cat([out, stddev], 1))
        return self.final_linear(out.view(batch, -1))
