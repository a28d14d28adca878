"""Reader for the synthetic dataset folder (format synface-v1, see docs/SYNTH_DATA.md): meta.json + images.npy."""

import json
from pathlib import Path

import numpy as np
import torch

DATASET_FORMAT = "synface-v1"


class DatasetError(ValueError):
    pass


class SynfaceImages:
    """uint8 RGB images [N, S, S, 3] memory-mapped from images.npy; batches come out as float [-1, 1] NCHW."""

    def __init__(self, folder):
        folder = Path(folder)
        meta_path = folder / "meta.json"
        images_path = folder / "images.npy"
        if not meta_path.is_file() or not images_path.is_file():
            raise DatasetError(f"{folder} is not a synface dataset folder (needs meta.json and images.npy)")
        self.meta = json.loads(meta_path.read_text())
        if self.meta.get("format") != DATASET_FORMAT:
            raise DatasetError(f"{meta_path}: format {self.meta.get('format')!r}, expected {DATASET_FORMAT!r}")
        self.images = np.load(images_path, mmap_mode="r")
        count, size = self.meta.get("count"), self.meta.get("size")
        expected = (count, size, size, 3)
        if self.images.dtype != np.uint8 or tuple(self.images.shape) != expected:
            raise DatasetError(f"{images_path}: {self.images.dtype} {tuple(self.images.shape)}, "
                               f"meta.json promises uint8 {expected}")
        self.size = int(size)
        self.count = int(count)
        self.seed0 = self.meta.get("seed")

    def __len__(self):
        return self.count

    def batch(self, indices, device="cpu"):
        order = np.argsort(indices)  # sorted reads are kinder to the memory map
        raw = np.empty((len(indices), self.size, self.size, 3), dtype=np.uint8)
        raw[order] = self.images[np.asarray(indices)[order]]
        x = torch.from_numpy(raw).to(device).permute(0, 3, 1, 2).float()
        return x / 127.5 - 1.0


def write_synface_folder(folder, images, seed=0):
    """Write a minimal dataset folder in the contract format (tests, and tools that need a tiny dataset)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    images = np.ascontiguousarray(images, dtype=np.uint8)
    count, size = images.shape[0], images.shape[1]
    np.save(folder / "images.npy", images)
    depth = np.full((count, size, size), 1.1, dtype=np.float32)
    np.save(folder / "depth.npy", depth)
    np.save(folder / "mask.npy", np.zeros((count, size, size), dtype=np.uint8))
    normals = np.zeros((count, size, size, 3), dtype=np.float32)
    normals[..., 2] = 1.0
    np.save(folder / "normals.npy", normals)
    with open(folder / "samples.jsonl", "w") as f:
        for i in range(count):
            f.write(json.dumps({"index": i, "seed": seed + i}) + "\n")
    meta = {"format": DATASET_FORMAT, "count": count, "size": size, "seed": seed,
            "splitSeedRange": [seed, seed + count - 1]}
    (folder / "meta.json").write_text(json.dumps(meta))
    return folder
