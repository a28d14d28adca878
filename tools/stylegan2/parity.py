"""Parity gate: the exported ONNX graphs must reproduce PyTorch within 1e-4 under onnxruntime-web (wasm, Node)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import torch

PARITY_TOLERANCE = 1e-4
PARITY_SCRIPT = Path(__file__).resolve().parent / "parity.mjs"
REPO_ROOT = Path(__file__).resolve().parents[2]


class ParityError(RuntimeError):
    pass


def _write(path, tensor):
    array = np.ascontiguousarray(tensor.detach().cpu().numpy().astype("<f4"))
    path.write_bytes(array.tobytes())
    return {"file": str(path), "dims": list(array.shape)}


def parity_cases(g, bundle_dir, work_dir, seed=1234):
    """Mapping at batch 3; synthesis at batch 2 with a different w per style input, and at batch 1."""
    gen = torch.Generator().manual_seed(seed)
    cases = []
    with torch.no_grad():
        z = torch.randn(3, g.style_dim, generator=gen)
        w = g.mapping(z)
        cases.append({"model": str(bundle_dir / "mapping.onnx"), "inputs": {"z": _write(work_dir / "z.bin", z)},
                      "outputs": {"w": _write(work_dir / "w.bin", w)}})
        per_layer = g.mapping(torch.randn(2 * g.n_latent, g.style_dim, generator=gen)).reshape(2, g.n_latent, -1)
        for name, latent in (("mixed", per_layer), ("single", w[:1].unsqueeze(1).repeat(1, g.n_latent, 1))):
            image = g.synthesis(latent, noise=g.fixed_noise())
            cases.append({"model": str(bundle_dir / "synthesis.onnx"),
                          "inputs": {"w": _write(work_dir / f"latent_{name}.bin", latent)},
                          "outputs": {"image": _write(work_dir / f"image_{name}.bin", image)}})
    return cases


def run_parity_gate(g, bundle_dir, tolerance=PARITY_TOLERANCE):
    """Returns the per-output results; raises ParityError when ORT disagrees with PyTorch or cannot run."""
    node = shutil.which("node")
    if node is None:
        raise ParityError("parity gate needs `node` (Node 20) on PATH to run onnxruntime-web")
    bundle_dir = Path(bundle_dir)
    with tempfile.TemporaryDirectory(prefix="stylegan2-parity-") as tmp:
        work_dir = Path(tmp)
        spec = {"cases": parity_cases(g.eval(), bundle_dir, work_dir)}
        spec_path = work_dir / "spec.json"
        spec_path.write_text(json.dumps(spec))
        proc = subprocess.run([node, str(PARITY_SCRIPT), str(spec_path)], cwd=str(REPO_ROOT),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise ParityError(f"onnxruntime-web parity run failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    failures = [r for r in report["results"] if r["maxAbsDiff"] is None or not r["maxAbsDiff"] < tolerance]
    if failures:
        lines = [f"  {Path(r['model']).name}:{r['output']} dims {r['dims']} max |torch - ort| = {r['maxAbsDiff']}"
                 for r in failures]
        raise ParityError("ONNX parity gate FAILED (tolerance %g):\n%s" % (tolerance, "\n".join(lines)))
    return report
