"""Golden fixtures for the method's Encoder (V, L) and ResEncoder (E): PyTorch's results for small seeded nets.

  /usr/bin/python3 tools/gan2shape/golden_nets.py [--out tests/fixtures/gan2shape/nets.json]

For each small configuration (CASES) the nets of tools/gan2shape/nets.py get seeded He-normal weights
(std sqrt(2 / fan_in), biases N(0, 0.2)) so that activations stay O(1) through every layer and tanh works in its
non-linear range. Weights, the input x and an upstream gradient g are float32 values; the net then runs in
float64 on exactly those values, so `output` = net(x), `grad_input` = d sum(g * net(x)) / dx and `grad_state`
(the same for every parameter; batch-2 cases only) are float64 results the engine's float64 backend must reproduce to ~1e-12.
Arrays are {"shape", "dtype" ("float32" | "float64"), "data": base64 of the little-endian values}; `state` lists
the parameters in state_dict order under the TS modules' names (nets.py names its modules to match).

`paper` lists, for the paper-size nets (V/L at 64 px nf 64 and at 128 px nf 32, E at 64 and 128 px nf 32, 512
out), PyTorch's parameter names, shapes and total count, so the TS tests check layouts without PyTorch.
"""

import argparse
import base64
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from tools.gan2shape.nets import Encoder, ResEncoder, parameter_count  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "gan2shape" / "nets.json"
FIXTURE_SEED = 20261

CASES = [
    {"name": "encoder-16-nf4-cout6", "net": "Encoder", "size": 16, "nf": 4, "cout": 6, "batch": 2},
    {"name": "encoder-32-nf4-cout4", "net": "Encoder", "size": 32, "nf": 4, "cout": 4, "batch": 1},
    {"name": "resencoder-16-nf4-out8", "net": "ResEncoder", "size": 16, "nf": 4, "cout": 8, "batch": 2},
    {"name": "resencoder-32-nf4-out16", "net": "ResEncoder", "size": 32, "nf": 4, "cout": 16, "batch": 1},
]
# Gradients (grad_input, grad_state) are stored for the batch-2 cases only, to keep the file under 300 KB.
GRADIENT_CASES = {"encoder-16-nf4-cout6", "resencoder-16-nf4-out8"}

PAPER = [
    {"net": "Encoder", "size": 64, "nf": 64, "cout": 6},
    {"net": "Encoder", "size": 64, "nf": 64, "cout": 4},
    {"net": "Encoder", "size": 128, "nf": 32, "cout": 6},
    {"net": "Encoder", "size": 128, "nf": 32, "cout": 4},
    {"net": "ResEncoder", "size": 64, "nf": 32, "cout": 512},
    {"net": "ResEncoder", "size": 128, "nf": 32, "cout": 512},
]


def build_net(spec):
    cls = {"Encoder": Encoder, "ResEncoder": ResEncoder}[spec["net"]]
    return cls(spec["size"], spec["nf"], spec["cout"])


def seed_weights(net, gen):
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith(".bias"):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.2)
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=gen) * (2.0 / fan_in) ** 0.5)
    return net


def case_arrays(spec, seed=FIXTURE_SEED):
    """(net in float32, arrays) for one case; arrays maps input/upstream/output/grad names to numpy arrays."""
    gen = torch.Generator().manual_seed(seed + CASES.index(spec))
    net = seed_weights(build_net(spec), gen)
    s, b = spec["size"], spec["batch"]
    x = torch.rand(b, 3, s, s, generator=gen) * 2 - 1
    g = torch.rand(b, spec["cout"], generator=gen) * 2 - 1
    net64 = build_net(spec).double()
    net64.load_state_dict({k: v.double() for k, v in net.state_dict().items()})
    x64 = x.double().requires_grad_(True)
    y = net64(x64)
    params = list(net64.parameters())
    grads = torch.autograd.grad((y * g.double()).sum(), [x64] + params)
    arrays = {"input": x.numpy(), "upstream": g.numpy(), "output": y.detach().numpy()}
    if spec["name"] not in GRADIENT_CASES:
        return net, arrays, None
    arrays["grad_input"] = grads[0].numpy()
    grad_state = {name: gp.numpy() for (name, _), gp in zip(net64.named_parameters(), grads[1:])}
    return net, arrays, grad_state


def encode(array):
    array = np.ascontiguousarray(array)
    dtype = {np.dtype(np.float32): "float32", np.dtype(np.float64): "float64"}[array.dtype]
    data = base64.b64encode(array.astype(array.dtype.newbyteorder("<")).tobytes()).decode("ascii")
    return {"shape": list(array.shape), "dtype": dtype, "data": data}


def decode(entry):
    dtype = {"float32": "<f4", "float64": "<f8"}[entry["dtype"]]
    return np.frombuffer(base64.b64decode(entry["data"]), dtype=dtype).reshape(entry["shape"])


def build_fixture(seed=FIXTURE_SEED):
    cases = []
    for spec in CASES:
        net, arrays, grad_state = case_arrays(spec, seed)
        case = dict(spec)
        case["parameter_count"] = parameter_count(net)
        case["state"] = [{"name": name, **encode(t.numpy())} for name, t in net.state_dict().items()]
        case.update({key: encode(value) for key, value in arrays.items()})
        if grad_state is not None:
            case["grad_state"] = [{"name": name, **encode(v)} for name, v in grad_state.items()]
        cases.append(case)
    paper = []
    for spec in PAPER:
        net = build_net(spec)
        paper.append({**spec, "parameter_count": parameter_count(net),
                      "parameters": [[name, list(p.shape)] for name, p in net.named_parameters()]})
    return {"format": "gan2shape-nets-golden", "version": 1, "generator": "tools/gan2shape/golden_nets.py",
            "seed": seed, "weights": "He-normal std sqrt(2/fan_in), biases N(0, 0.2); float32 values",
            "objective": "sum(upstream * net(input)), float64", "cases": cases, "paper": paper}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # deterministic reductions
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(build_fixture(), indent=1) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
