"""The method's nets in tools/gan2shape/nets.py: layouts, parameter counts, and the committed golden fixture."""

import json
import unittest

import numpy as np
import torch

from tools.gan2shape.golden_nets import CASES, DEFAULT_OUT, PAPER, build_fixture, decode
from tools.gan2shape.nets import (
    Encoder,
    ResBlockDown,
    ResEncoder,
    encoder_parameter_count,
    parameter_count,
    res_encoder_parameter_count,
)


def conv_shapes(net):
    return [tuple(p.shape) for name, p in net.named_parameters() if name.endswith("weight")]


class LayoutTest(unittest.TestCase):
    def test_encoder_at_64_px_nf_64_is_gan2shape_synface_v_l(self):
        # method-reference section 2: 3 -> 64 -> 128 -> 256 -> 512 (4x4), conv4 512 -> 512, conv1 512 -> cout.
        net = Encoder(64, 64, 6)
        self.assertEqual(conv_shapes(net), [(64, 3, 4, 4), (128, 64, 4, 4), (256, 128, 4, 4), (512, 256, 4, 4),
                                            (512, 512, 4, 4), (6, 512, 1, 1)])
        self.assertTrue(all(name.endswith("weight") for name, _ in net.named_parameters()))  # bias-free
        self.assertEqual(net(torch.zeros(2, 3, 64, 64)).shape, (2, 6))

    def test_encoder_at_128_px_nf_32_has_the_extra_level(self):
        net = Encoder(128, 32, 4)
        self.assertEqual([s[0] for s in conv_shapes(net)], [32, 64, 128, 256, 512, 512, 4])
        self.assertAlmostEqual(parameter_count(net) / 1e6, 7.0, places=1)

    def test_res_encoder_at_128_px_nf_32(self):
        # conv4 s2 3 -> 32; ResBlockDown 32 -> 64 -> 128 -> 256 -> 512 (4x4); conv4 512 -> 1024; conv1 -> 512.
        net = ResEncoder(128, 32, 512)
        self.assertEqual([b.conv1.weight.shape[:2] for b in net.blocks],
                         [(64, 32), (128, 64), (256, 128), (512, 256)])
        self.assertEqual(tuple(net.head.weight.shape), (1024, 512, 4, 4))
        self.assertEqual(tuple(net.out.weight.shape), (512, 1024, 1, 1))
        self.assertAlmostEqual(parameter_count(net) / 1e6, 13.8, places=1)

    def test_parameter_counts_match_the_formulas(self):
        for size in (16, 32, 64, 128):
            for nf, cout in ((4, 6), (32, 4), (64, 6)):
                with self.subTest(net="Encoder", size=size, nf=nf):
                    self.assertEqual(parameter_count(Encoder(size, nf, cout)), encoder_parameter_count(size, nf, cout))
            for nf, cout in ((4, 8), (32, 512)):
                with self.subTest(net="ResEncoder", size=size, nf=nf):
                    self.assertEqual(parameter_count(ResEncoder(size, nf, cout)),
                                     res_encoder_parameter_count(size, nf, cout))

    def test_rejects_sizes_without_an_integer_number_of_levels(self):
        for size in (8, 48, 100):
            with self.assertRaises(ValueError):
                Encoder(size, 4, 6)
            with self.assertRaises(ValueError):
                ResEncoder(size, 4, 8)

    def test_zero_last_gives_zero_output(self):
        torch.manual_seed(0)
        self.assertEqual(Encoder(16, 4, 6, zero_last=True)(torch.randn(2, 3, 16, 16)).abs().max().item(), 0.0)

    def test_res_block_shortcut_sees_x_not_relu_x(self):
        # The deliberate deviation from GAN2Shape's in-place ReLU: with the main path zeroed, the block is
        # conv1x1(avgpool(x)) + bias on the raw (signed) input, and the input is left unmodified.
        torch.manual_seed(0)
        block = ResBlockDown(3, 5)
        with torch.no_grad():
            block.conv2.weight.zero_()
        x = torch.randn(2, 3, 8, 8)
        x_before = x.clone()
        y = block(x)
        self.assertTrue(torch.equal(x, x_before))
        expected = torch.nn.functional.conv2d(torch.nn.functional.avg_pool2d(x, 2), block.shortcut.weight,
                                              block.shortcut.bias)
        torch.testing.assert_close(y, expected)


class GoldenFixtureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = json.loads(DEFAULT_OUT.read_text())

    def test_fixture_stays_small(self):
        self.assertLess(DEFAULT_OUT.stat().st_size, 300 * 1024)

    def test_fixture_is_reproducible_from_the_definitions(self):
        torch.set_num_threads(1)
        fresh = build_fixture(self.doc["seed"])
        self.assertEqual([c["name"] for c in fresh["cases"]], [c["name"] for c in self.doc["cases"]])
        for new, old in zip(fresh["cases"], self.doc["cases"]):
            for key in ("input", "upstream", "output", "grad_input"):
                if key not in old:
                    continue
                with self.subTest(case=old["name"], array=key):
                    want = decode(old[key])
                    if old[key]["dtype"] == "float32":
                        np.testing.assert_array_equal(decode(new[key]), want)  # seeded values: exact
                    else:
                        np.testing.assert_allclose(decode(new[key]), want, rtol=1e-12, atol=1e-14)
            for kind in ("state", "grad_state"):
                self.assertEqual([e["name"] for e in new.get(kind, [])], [e["name"] for e in old.get(kind, [])])
                for a, b in zip(new.get(kind, []), old.get(kind, [])):
                    with self.subTest(case=old["name"], kind=kind, name=b["name"]):
                        if kind == "state":
                            np.testing.assert_array_equal(decode(a), decode(b))
                        else:
                            np.testing.assert_allclose(decode(a), decode(b), rtol=1e-12, atol=1e-14)
        self.assertEqual(fresh["paper"], self.doc["paper"])

    def test_cases_match_their_nets(self):
        by_name = {spec["name"]: spec for spec in CASES}
        for case in self.doc["cases"]:
            spec = by_name[case["name"]]
            cls = {"Encoder": Encoder, "ResEncoder": ResEncoder}[case["net"]]
            net = cls(spec["size"], spec["nf"], spec["cout"])
            with self.subTest(case=case["name"]):
                self.assertEqual([[e["name"], e["shape"]] for e in case["state"]],
                                 [[n, list(p.shape)] for n, p in net.named_parameters()])
                self.assertEqual(case["parameter_count"], parameter_count(net))
                self.assertEqual(case["input"]["shape"], [spec["batch"], 3, spec["size"], spec["size"]])
                self.assertEqual(case["output"]["shape"], [spec["batch"], spec["cout"]])
                out = decode(case["output"])
                # He-normal weights: outputs are O(0.1..1), not vanishing (the comparison would be vacuous).
                self.assertGreater(np.abs(out).max(), 0.1)
                if case["net"] == "Encoder":
                    self.assertLess(np.abs(out).max(), 1.0)

    def test_paper_counts_match_the_formulas(self):
        self.assertEqual([{k: p[k] for k in ("net", "size", "nf", "cout")} for p in self.doc["paper"]], PAPER)
        for p in self.doc["paper"]:
            formula = encoder_parameter_count if p["net"] == "Encoder" else res_encoder_parameter_count
            with self.subTest(**{k: p[k] for k in ("net", "size", "nf", "cout")}):
                self.assertEqual(p["parameter_count"], formula(p["size"], p["nf"], p["cout"]))
                self.assertEqual(p["parameter_count"], sum(int(np.prod(s)) for _, s in p["parameters"]))


if __name__ == "__main__":
    unittest.main()
