"""tools/gan2shape/pretrain_encoder.py on the tiny golden bundle: the files the TypeScript loader reads (names and
shapes of the method's ResEncoder), resumption from its checkpoint, and the mapping split."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import torch

from tools.gan2shape.nets import ResEncoder
from tools.gan2shape.pretrain_encoder import ENCODER_FORMAT, ENCODER_VERSION, mapping_split
from tools.stylegan2.bundle import load_bundle_models, read_tensor_file

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "tests/fixtures/stylegan2/bundle"
SCRIPT = ROOT / "tools/gan2shape/pretrain_encoder.py"


def run(out, steps):
    return subprocess.run([sys.executable, str(SCRIPT), "--bundle", str(BUNDLE), "--out", str(out), "--steps",
                           str(steps), "--nf", "4", "--batch", "2", "--save-every", "2", "--threads", "1"],
                          capture_output=True, text=True, timeout=600)


class PretrainEncoderTest(unittest.TestCase):
    def test_writes_the_encoder_files_and_resumes(self):
        with tempfile.TemporaryDirectory() as tmp:
            first = run(tmp, 2)
            self.assertEqual(first.returncode, 0, first.stderr)
            meta = json.loads((Path(tmp) / "encoder.json").read_text())
            self.assertEqual((meta["format"], meta["version"]), (ENCODER_FORMAT, ENCODER_VERSION))
            manifest = json.loads((BUNDLE / "manifest.json").read_text())
            self.assertEqual(meta["cout"], manifest["config"]["style_dim"])
            self.assertEqual(meta["size"], manifest["config"]["size"])
            # Names and shapes are those of the method's ResEncoder (the TypeScript side imports them by name).
            reference = ResEncoder(meta["size"], 4, meta["cout"]).state_dict()
            self.assertEqual([t["name"] for t in meta["tensors"]], list(reference.keys()))
            arrays = read_tensor_file(Path(tmp) / "encoder.bin", meta["tensors"])
            for name, tensor in reference.items():
                self.assertEqual(list(arrays[name].shape), list(tensor.shape), name)
            second = run(tmp, 4)
            self.assertEqual(second.returncode, 0, second.stderr)
            self.assertIn("resumed at step 2", second.stdout)
            self.assertEqual(json.loads((Path(tmp) / "encoder.json").read_text())["training"]["steps"], 4)

    def test_the_mapping_split_matches_the_method(self):
        _, g, _, _ = load_bundle_models(BUNDLE)
        n = len(g.style) - 1
        h0, tail = mapping_split(g, 3)
        z = torch.zeros(1, g.style_dim)
        with torch.no_grad():
            self.assertTrue(torch.allclose(tail(h0), g.style(z), atol=1e-6))
        # offset_layers = n: h0 = 0 and F is the whole net (PixelNorm included), GAN2Shape's synface form.
        h0_all, tail_all = mapping_split(g, n)
        self.assertEqual(float(h0_all.abs().max()), 0.0)
        self.assertIs(tail_all, g.style)


if __name__ == "__main__":
    unittest.main()
