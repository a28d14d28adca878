"""model_card.py fills the card from the run's artefacts and writes the 64-sample sheet."""

import contextlib
import io
import json
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from tools.stylegan2 import model_card
from tools.stylegan2.dataset import write_synface_folder
from tools.stylegan2.golden_fixtures import DEFAULT_OUT


class ModelCardTest(unittest.TestCase):
    def test_card_reports_the_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            bundle = tmp / "bundle"
            shutil.copytree(Path(DEFAULT_OUT) / "bundle", bundle)
            ckpt = tmp / "checkpoint.pt"
            torch.save({"progress": {"images_seen": 123456, "iteration": 7716, "wall_seconds": 5400.0, "seed": 7,
                                     "command": "tools/stylegan2/train.py --data D --out R --seed 7"}}, ckpt)
            data = write_synface_folder(tmp / "data", np.zeros((2, 64, 64, 3), np.uint8), seed=0)
            recall = {"count": 100, "data": "test", "data_seed": 1000000, "latent_space": "w", "steps": 500,
                      "lr": 0.1, "feature_weight": 1.0, "psnr_mean": 23.456, "psnr_std": 1.5, "psnr_median": 23.5,
                      "psnr_min": 19.0, "psnr_max": 27.0, "psnr_at_w_avg_mean": 12.0}
            (tmp / "recall.json").write_text(json.dumps(recall))
            with contextlib.redirect_stdout(io.StringIO()):
                model_card.main(["--bundle", str(bundle), "--ckpt", str(ckpt), "--data", str(data),
                                 "--recall", str(tmp / "recall.json")])
            card = (bundle / "MODEL_CARD.md").read_text()
            for expected in ("123.5 kimg", "1.50 h", "seed 7", "--seed 7", "**23.46 dB**", "std 1.50",
                             "2 images at 64 px", "samples.png"):
                self.assertIn(expected, card)
            sheet = Image.open(bundle / "samples.png")
            self.assertEqual(sheet.size, (8 * 66 + 2, 8 * 66 + 2))


if __name__ == "__main__":
    unittest.main()
