"""train.py smoke test on a tiny dataset folder in the synface-v1 contract format: trains, checkpoints, resumes."""

import contextlib
import io
import json
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import numpy as np
import torch

from tools.stylegan2 import train

TRAIN_SCRIPT = Path(train.__file__).resolve()
from tools.stylegan2.dataset import DatasetError, SynfaceImages, write_synface_folder

TINY = ["--channels", "4:16,8:16,16:8,32:8", "--style-dim", "16", "--n-mlp", "2", "--batch", "8",
        "--d-reg-every", "2", "--log-seconds", "0", "--threads", "1"]


def tiny_faces(count=24, size=32, seed=0):
    """Bright discs on a dark background: enough structure for a smoke run."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    images = np.zeros((count, size, size, 3), np.uint8)
    for i in range(count):
        cy, cx, r = rng.uniform(10, 22), rng.uniform(10, 22), rng.uniform(5, 9)
        disc = (yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2
        images[i][disc] = rng.integers(120, 255, 3)
    return images


def run_train(*argv):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = train.main(list(map(str, argv)))
    return code, out.getvalue()


class TrainSmokeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="stylegan2-train-test-")
        self.root = Path(self.tmp.name)
        self.data = write_synface_folder(self.root / "data", tiny_faces())

    def tearDown(self):
        self.tmp.cleanup()

    def test_dataset_reader_follows_the_contract(self):
        data = SynfaceImages(self.data)
        self.assertEqual((len(data), data.size), (24, 32))
        batch = data.batch(np.array([3, 1]))
        self.assertEqual(list(batch.shape), [2, 3, 32, 32])
        self.assertGreaterEqual(batch.min().item(), -1.0)
        self.assertLessEqual(batch.max().item(), 1.0)
        expected = torch.from_numpy(tiny_faces()[1]).permute(2, 0, 1).float() / 127.5 - 1
        self.assertTrue(torch.allclose(batch[1], expected))
        meta = json.loads((self.data / "meta.json").read_text())
        meta["format"] = "something-else"
        (self.data / "meta.json").write_text(json.dumps(meta))
        with self.assertRaises(DatasetError):
            SynfaceImages(self.data)

    def test_train_checkpoint_and_resume_equal_one_uninterrupted_run(self):
        code, log = run_train("--data", self.data, "--out", self.root / "a", "--kimg", 0.032, *TINY)
        self.assertEqual(code, 0)
        self.assertIn("starting at 0.0 kimg", log)
        first = torch.load(self.root / "a" / "checkpoint.pt")
        self.assertEqual(first["progress"]["images_seen"], 32)
        self.assertTrue((self.root / "a" / "samples.png").is_file())
        code, log = run_train("--data", self.data, "--out", self.root / "a", "--kimg", 0.064, *TINY)
        self.assertEqual(code, 0)
        self.assertIn("resumed at 0.0 kimg", log)
        resumed = torch.load(self.root / "a" / "checkpoint.pt")
        self.assertEqual(resumed["progress"]["images_seen"], 64)
        self.assertIn("img/s", log)

        code, _ = run_train("--data", self.data, "--out", self.root / "b", "--kimg", 0.064, *TINY)
        straight = torch.load(self.root / "b" / "checkpoint.pt")
        for key in ("g", "d", "g_ema"):
            for name, tensor in straight[key].items():
                self.assertTrue(torch.allclose(tensor, resumed[key][name], atol=1e-5), f"{key}.{name}")
        changed = any(not torch.equal(t, first["g_ema"][n]) for n, t in resumed["g_ema"].items())
        self.assertTrue(changed, "training did not move the EMA generator")

    def test_max_minutes_stops_at_a_checkpoint(self):
        code, log = run_train("--data", self.data, "--out", self.root / "c", "--kimg", 100, "--max-minutes", 0,
                              *TINY)
        self.assertEqual(code, 0)
        self.assertIn("stopping after --max-minutes", log)
        ckpt = torch.load(self.root / "c" / "checkpoint.pt")
        self.assertEqual(ckpt["progress"]["images_seen"], 8)

    def test_sigterm_stops_with_a_checkpoint(self):
        out = self.root / "e"
        proc = subprocess.Popen([sys.executable, str(TRAIN_SCRIPT), "--data", str(self.data), "--out", str(out),
                                 "--kimg", "1000", *TINY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 60
            log = out / "log.txt"
            while time.time() < deadline and not (log.is_file() and "kimg" in log.read_text().split("\n", 1)[-1]):
                time.sleep(0.2)  # wait for the first progress line: the loop is running
            proc.send_signal(signal.SIGTERM)
            stdout, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        self.assertEqual(proc.returncode, 0, stderr)
        self.assertIn("stopping on signal SIGTERM", stdout)
        self.assertGreater(torch.load(out / "checkpoint.pt")["progress"]["images_seen"], 0)

    def test_mismatched_resume_is_refused(self):
        run_train("--data", self.data, "--out", self.root / "d", "--kimg", 0.008, *TINY)
        other = [a if a != "16" else "32" for a in TINY]  # style dim 16 -> 32
        with self.assertRaises(SystemExit) as ctx:
            run_train("--data", self.data, "--out", self.root / "d", "--kimg", 0.016, *other)
        self.assertIn("use another --out", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
