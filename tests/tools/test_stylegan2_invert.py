"""Recall evaluation: inverting images the generator itself made must raise PSNR above the w_avg start.

The fixture generator is random (its raw outputs reach far beyond [-1, 1]), so the gain asked for is modest:
60 steps gave +2.4 dB when this test was written; an inversion that does not optimize gives <= 0.
"""

import tempfile
import unittest
from pathlib import Path

import torch

from tools.stylegan2.bundle import load_bundle_models
from tools.stylegan2.dataset import write_synface_folder
from tools.stylegan2.golden_fixtures import DEFAULT_OUT
from tools.stylegan2.invert_eval import evaluate, projector_lr, psnr
from tools.stylegan2.sample_sheet import images_to_uint8

BUNDLE = Path(DEFAULT_OUT) / "bundle"


class InvertEvalTest(unittest.TestCase):
    def test_psnr_and_schedule(self):
        a = torch.zeros(1, 3, 4, 4)
        self.assertAlmostEqual(psnr(a, a + 0.2).item(), 20.0, places=4)  # 0.1 error on the [0, 1] scale
        self.assertEqual(projector_lr(0.0, 0.1), 0.0)
        self.assertAlmostEqual(projector_lr(0.5, 0.1), 0.1)
        self.assertLess(projector_lr(0.99, 0.1), 0.01)

    def test_inverting_generated_images_improves_recall(self):
        _, g, _, w_avg = load_bundle_models(BUNDLE)
        torch.manual_seed(5)
        with torch.no_grad():
            w = w_avg + 0.7 * (g.mapping(torch.randn(4, g.style_dim)) - w_avg)
            images = g.synthesis(w.unsqueeze(1).repeat(1, g.n_latent, 1), noise=g.fixed_noise())
        with tempfile.TemporaryDirectory() as tmp:
            folder = write_synface_folder(Path(tmp) / "test", images_to_uint8(images), seed=1_000_000)
            result, recon = evaluate(BUNDLE, folder, count=4, steps=60, lr=0.1, feature_weight=1.0, wplus=False,
                                     batch=4, log=lambda _: None)
        self.assertEqual(result["count"], 4)
        self.assertEqual(len(result["psnr_per_image"]), 4)
        self.assertEqual(result["data_seed"], 1_000_000)
        self.assertGreater(result["psnr_mean"], result["psnr_at_w_avg_mean"] + 1.5, result)


if __name__ == "__main__":
    unittest.main()
