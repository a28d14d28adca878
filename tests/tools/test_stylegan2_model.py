"""StyleGAN2 model: rosinality names, upfirdn2d, and the non-fused modulated conv equal to the fused one."""

import unittest

import torch
from torch.nn import functional as F

from tools.stylegan2.model import Discriminator, Generator, ModulatedConv2d, set_transpose_as_conv
from tools.stylegan2.ops import make_blur_kernel, upfirdn2d


def upfirdn2d_reference(x, kernel, up, down, pad0, pad1):
    """rosinality's upfirdn2d_native transcribed literally (NHWC with a 'minor' axis), as the oracle."""
    batch, channels, height, width = x.shape
    out = x.reshape(-1, height, width, 1)
    _, in_h, in_w, minor = out.shape
    kh, kw = kernel.shape
    out = out.view(-1, in_h, 1, in_w, 1, minor)
    out = F.pad(out, [0, 0, 0, up - 1, 0, 0, 0, up - 1]).view(-1, in_h * up, in_w * up, minor)
    out = F.pad(out, [0, 0, max(pad0, 0), max(pad1, 0), max(pad0, 0), max(pad1, 0)])
    out = out[:, max(-pad0, 0): out.shape[1] - max(-pad1, 0), max(-pad0, 0): out.shape[2] - max(-pad1, 0), :]
    out = out.permute(0, 3, 1, 2).reshape([-1, 1, in_h * up + pad0 + pad1, in_w * up + pad0 + pad1])
    out = F.conv2d(out, torch.flip(kernel, [0, 1]).view(1, 1, kh, kw))
    out = out.reshape(-1, minor, out.shape[2], out.shape[3]).permute(0, 2, 3, 1)[:, ::down, ::down, :]
    return out.reshape(batch, channels, out.shape[1], out.shape[2])


class UpFirDnTest(unittest.TestCase):
    def test_matches_rosinality_native_for_every_padding_rule(self):
        torch.manual_seed(0)
        x = torch.randn(2, 5, 8, 8)
        kernel = torch.rand(4, 4)  # asymmetric on purpose: catches a missing flip
        for up, down, pad in [(2, 1, (2, 1)), (1, 1, (1, 1)), (1, 2, (2, 2)), (1, 2, (1, 1)), (2, 1, (-1, 2))]:
            with self.subTest(up=up, down=down, pad=pad):
                ours = upfirdn2d(x, kernel, up, down, pad)
                ref = upfirdn2d_reference(x, kernel, up, down, *pad)
                self.assertEqual(ours.shape, ref.shape)
                self.assertLess((ours - ref).abs().max().item(), 1e-6)

    def test_blur_kernel_is_normalized_outer_product(self):
        k = make_blur_kernel([1, 3, 3, 1])
        self.assertAlmostEqual(k.sum().item(), 1.0, places=6)
        self.assertAlmostEqual(k[1, 1].item(), 9 / 64, places=7)


class ModulatedConvTest(unittest.TestCase):
    def check(self, upsample, demodulate, kernel_size):
        torch.manual_seed(1)
        conv = ModulatedConv2d(6, 5, kernel_size, 7, demodulate=demodulate, upsample=upsample)
        with torch.no_grad():
            conv.modulation.bias.add_(torch.randn(6) * 0.3)
        x, style = torch.randn(3, 6, 8, 8), torch.randn(3, 7)
        conv.fused = True
        fused = conv(x, style)
        conv.fused = False
        plain = conv(x, style)
        conv.transpose_as_conv = True
        as_conv = conv(x, style)
        self.assertEqual(plain.shape, fused.shape)
        self.assertLess((plain - fused).abs().max().item(), 2e-5)
        self.assertLess((as_conv - fused).abs().max().item(), 2e-5)
        self.assertGreater(plain.abs().max().item(), 0.1)

    def test_non_fused_equals_fused(self):
        for upsample in (False, True):
            for demodulate in (True, False):
                with self.subTest(upsample=upsample, demodulate=demodulate):
                    self.check(upsample, demodulate, 3)
        self.check(False, False, 1)  # ToRGB form


class NamesTest(unittest.TestCase):
    def test_generator_names_and_shapes_follow_rosinality(self):
        g = Generator(32, 64, 2, channel_multiplier=1)
        state = g.state_dict()
        expected = {
            "style.1.weight": [64, 64], "style.2.bias": [64], "input.input": [1, 512, 4, 4],
            "conv1.conv.weight": [1, 512, 512, 3, 3], "conv1.conv.modulation.weight": [512, 64],
            "conv1.conv.modulation.bias": [512], "conv1.noise.weight": [1], "conv1.activate.bias": [512],
            "to_rgb1.conv.weight": [1, 3, 512, 1, 1], "to_rgb1.bias": [1, 3, 1, 1],
            "convs.0.conv.blur.kernel": [4, 4], "convs.5.conv.weight": [1, 512, 512, 3, 3],
            "to_rgbs.2.upsample.kernel": [4, 4], "to_rgbs.2.conv.weight": [1, 3, 512, 1, 1],
            "noises.noise_0": [1, 1, 4, 4], "noises.noise_6": [1, 1, 32, 32],
        }
        for name, shape in expected.items():
            self.assertIn(name, state)
            self.assertEqual(list(state[name].shape), shape, name)
        self.assertNotIn("noises.noise_7", state)
        self.assertEqual(g.n_latent, 8)
        self.assertAlmostEqual(state["to_rgbs.0.upsample.kernel"].sum().item(), 4.0, places=5)

    def test_discriminator_names_and_features(self):
        d = Discriminator(64, channels={4: 16, 8: 16, 16: 8, 32: 8, 64: 4})
        state = d.state_dict()
        for name in ["convs.0.0.weight", "convs.0.1.bias", "convs.1.conv1.0.weight", "convs.1.conv1.1.bias",
                     "convs.1.conv2.0.kernel", "convs.1.conv2.1.weight", "convs.1.conv2.2.bias",
                     "convs.1.skip.0.kernel", "convs.1.skip.1.weight", "convs.4.skip.1.weight",
                     "final_conv.0.weight", "final_conv.1.bias", "final_linear.0.weight", "final_linear.1.bias"]:
            self.assertIn(name, state)
        self.assertNotIn("convs.1.skip.1.bias", state)
        feats = d.features(torch.randn(2, 3, 64, 64))
        self.assertEqual([list(f.shape) for f in feats],
                         [[2, 8, 32, 32], [2, 8, 16, 16], [2, 16, 8, 8], [2, 16, 4, 4]])
        self.assertEqual(list(d(torch.randn(4, 3, 64, 64)).shape), [4, 1])

    def test_rejects_size_that_is_not_a_power_of_two(self):
        with self.assertRaises(ValueError):
            Generator(48, 16, 1, channels={4: 8, 8: 8, 16: 8, 32: 8, 48: 8})

    def test_cpu_training_mode_keeps_the_image(self):
        torch.manual_seed(2)
        g = Generator(16, 16, 2, channels={4: 8, 8: 8, 16: 8})
        z = torch.randn(2, 16)
        a = g([z], randomize_noise=False)[0]
        set_transpose_as_conv(g, True)
        b = g([z], randomize_noise=False)[0]
        self.assertLess((a - b).abs().max().item(), 1e-5)


if __name__ == "__main__":
    unittest.main()
