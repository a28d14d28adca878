"""Conversion of a rosinality-format checkpoint into a model bundle, the manifest contract and the parity gate."""

import argparse
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from tools.stylegan2.bundle import ALIGNMENT, load_bundle_models, read_tensor_file
from tools.stylegan2.model import Discriminator, Generator
from tools.stylegan2.onnx_export import export_generator_graphs
from tools.stylegan2.parity import ParityError, run_parity_gate

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPORT = REPO_ROOT / "tools" / "stylegan2" / "export.py"
LATENT, N_MLP = 128, 2


def randomize_zero_inits(*modules):
    """Fresh StyleGAN2 nets have zero noise strengths and biases; make them matter for the checks."""
    with torch.no_grad():
        for module in modules:
            for name, p in module.named_parameters():
                if name.endswith("noise.weight"):
                    p.uniform_(0.1, 0.3)
                elif name.endswith("bias"):
                    p.add_(torch.randn_like(p) * 0.1)


def run_export(*args):
    return subprocess.run([sys.executable, str(EXPORT), *map(str, args)], capture_output=True, text=True,
                          cwd=str(REPO_ROOT))


class ConvertRosinalityCheckpointTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="stylegan2-export-test-")
        tmp = Path(cls.tmp.name)
        torch.manual_seed(3)
        cls.g = Generator(32, LATENT, N_MLP, channel_multiplier=1)
        cls.d = Discriminator(32, channel_multiplier=1)
        randomize_zero_inits(cls.g, cls.d)
        cls.ckpt = tmp / "stylegan2-random-32.pt"
        # The layout rosinality's train.py writes (argparse Namespace included, which needs a full unpickle).
        torch.save({"g": cls.g.state_dict(), "d": cls.d.state_dict(), "g_ema": cls.g.state_dict(),
                    "args": argparse.Namespace(size=32, latent=LATENT, n_mlp=N_MLP)}, cls.ckpt)
        cls.out = tmp / "bundle"
        cls.proc = run_export("--ckpt", cls.ckpt, "--size", 32, "--channel-multiplier", 1, "--latent", LATENT,
                              "--n-mlp", N_MLP, "--out", cls.out, "--w-avg-samples", 2000)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_export_succeeds_with_parity(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertIn("parity gate passed", self.proc.stdout)
        for name in ("manifest.json", "weights.bin", "mapping.onnx", "synthesis.onnx"):
            self.assertTrue((self.out / name).is_file(), name)
        manifest = json.loads((self.out / "manifest.json").read_text())
        parity = manifest["parity"]
        self.assertEqual({r["graph"] for r in parity["results"]}, {"mapping.onnx", "synthesis.onnx"})
        self.assertTrue(all(r["maxAbsDiff"] < 1e-4 for r in parity["results"]))
        self.assertIn([1, 3, 32, 32], [r["dims"] for r in parity["results"]])  # dynamic batch: 1 and 2
        self.assertIn([2, 3, 32, 32], [r["dims"] for r in parity["results"]])

    def test_manifest_lists_every_tensor_exactly(self):
        manifest = json.loads((self.out / "manifest.json").read_text())
        cfg = manifest["config"]
        self.assertEqual((cfg["size"], cfg["style_dim"], cfg["n_mlp"], cfg["n_latent"]), (32, LATENT, N_MLP, 8))
        self.assertEqual(cfg["channel_multiplier"], 1)
        self.assertEqual(manifest["category"], "face")  # a rosinality checkpoint without --category
        self.assertEqual(cfg["blur_kernel"], [1, 3, 3, 1])
        arrays = read_tensor_file(self.out / "weights.bin", manifest["tensors"])
        for entry in manifest["tensors"]:
            self.assertEqual(entry["offset"] % ALIGNMENT, 0, entry["name"])
        for prefix, module in (("g_ema.", self.g), ("d.", self.d)):
            for name, tensor in module.state_dict().items():
                if name.endswith(".kernel"):
                    continue
                stored = arrays[prefix + name]
                np.testing.assert_array_equal(stored, tensor.numpy(), err_msg=name)
        self.assertEqual(arrays["w_avg"].shape, (LATENT,))
        gains = {e["name"]: e["gain"] for e in manifest["tensors"]}
        self.assertAlmostEqual(gains["g_ema.style.1.weight"], 0.01 / np.sqrt(LATENT))
        self.assertAlmostEqual(gains["g_ema.convs.0.conv.weight"], 1 / np.sqrt(512 * 9))
        self.assertAlmostEqual(gains["d.convs.1.skip.1.weight"], 1 / np.sqrt(512))

    def test_bundle_rebuilds_the_same_generator(self):
        _, g, d, _ = load_bundle_models(self.out)
        w = self.g.mapping(torch.randn(2, LATENT)).unsqueeze(1).repeat(1, 8, 1).detach()
        with torch.no_grad():
            a = self.g.synthesis(w, noise=self.g.fixed_noise())
            b = g.synthesis(w, noise=g.fixed_noise())
        self.assertEqual((a - b).abs().max().item(), 0.0)

    def test_declared_category_and_its_choices(self):
        out = Path(self.tmp.name) / "car"
        proc = run_export("--ckpt", self.ckpt, "--size", 32, "--channel-multiplier", 1, "--latent", LATENT,
                          "--n-mlp", N_MLP, "--out", out, "--w-avg-samples", 200, "--category", "car")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("car model", proc.stdout)
        self.assertEqual(json.loads((out / "manifest.json").read_text())["category"], "car")
        proc = run_export("--ckpt", self.ckpt, "--size", 32, "--out", out, "--category", "dog")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("invalid choice: 'dog'", proc.stderr)

    def test_mismatched_size_is_a_clear_error(self):
        proc = run_export("--ckpt", self.ckpt, "--size", 64, "--channel-multiplier", 1, "--latent", LATENT,
                          "--n-mlp", N_MLP, "--out", Path(self.tmp.name) / "wrong")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("does not match size=64", proc.stderr)
        self.assertIn("'size': 32", proc.stderr)
        self.assertFalse((Path(self.tmp.name) / "wrong" / "manifest.json").exists())

    def test_not_a_checkpoint_is_a_clear_error(self):
        bogus = Path(self.tmp.name) / "bogus.pt"
        torch.save({"model": {}}, bogus)
        proc = run_export("--ckpt", bogus, "--size", 32, "--out", Path(self.tmp.name) / "bogus")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no 'g_ema'", proc.stderr)


class ParityGateTest(unittest.TestCase):
    def test_gate_fails_loudly_when_graphs_disagree(self):
        torch.manual_seed(4)
        g = Generator(16, 16, 2, channels={4: 8, 8: 8, 16: 8})
        with tempfile.TemporaryDirectory() as tmp:
            export_generator_graphs(g, Path(tmp))
            self.assertLess(max(r["maxAbsDiff"] for r in run_parity_gate(g, tmp)["results"]), 1e-4)
            with torch.no_grad():
                g.to_rgbs[-1].bias.add_(1e-3)  # the graph no longer matches PyTorch
            with self.assertRaises(ParityError) as ctx:
                run_parity_gate(g, tmp)
            self.assertIn("synthesis.onnx:image", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
