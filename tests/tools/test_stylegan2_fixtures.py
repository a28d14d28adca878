"""The committed golden fixtures agree with the current model code (and stay small)."""

import json
import unittest
from pathlib import Path

import numpy as np
import torch

from tools.stylegan2.bundle import load_bundle_models, read_tensor_file
from tools.stylegan2.golden_fixtures import DEFAULT_OUT, build_fixture_models, compute_golden

FIXTURES = Path(DEFAULT_OUT)


class GoldenFixturesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        doc = json.loads((FIXTURES / "golden.json").read_text())
        cls.golden = read_tensor_file(FIXTURES / "golden.bin", doc["tensors"])
        cls.manifest, cls.g, cls.d, cls.w_avg = load_bundle_models(FIXTURES / "bundle")

    def test_fixtures_stay_small(self):
        total = sum(f.stat().st_size for f in FIXTURES.rglob("*") if f.is_file())
        self.assertLess(total, 800 * 1024)

    def test_bundle_reproduces_every_golden_array(self):
        torch.set_num_threads(1)
        recomputed = dict(compute_golden(self.g, self.d))
        self.assertEqual(set(recomputed), set(self.golden))
        for name, expected in self.golden.items():
            with self.subTest(name=name):
                scale = max(1.0, float(np.abs(expected).max()))
                np.testing.assert_allclose(recomputed[name], expected, rtol=0, atol=2e-5 * scale)

    def test_fixture_script_models_equal_the_bundle(self):
        g, d = build_fixture_models()
        for ours, theirs in ((g, self.g), (d, self.d)):
            for (name, a), b in zip(ours.state_dict().items(), theirs.state_dict().values()):
                self.assertTrue(torch.equal(a, b), name)

    def test_golden_content_is_meaningful(self):
        self.assertEqual(self.golden["image"].shape, (2, 3, 64, 64))
        self.assertGreater(np.abs(self.golden["image"][0] - self.golden["image"][1]).max(), 0.1)
        self.assertEqual([self.golden[f"d_feature_{k}"].shape[-1] for k in range(4)], [32, 16, 8, 4])
        self.assertEqual(self.golden["grad_w"].shape, (1, self.manifest["config"]["n_latent"], 16))
        self.assertGreater(np.abs(self.golden["grad_w"]).max(), 0)
        self.assertGreater(np.abs(self.golden["grad_x"]).max(), 0)


if __name__ == "__main__":
    unittest.main()
