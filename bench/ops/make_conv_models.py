"""Writes one-node ONNX models (Conv or ConvTranspose, weights as initializers, no bias) for bench/ops.

Usage: /usr/bin/python3 bench/ops/make_conv_models.py CONFIG.json OUT_DIR
CONFIG.json: {"batch": B, "seed": S, "shapes": [{name, kind, cin, cout, size, k, stride, pad}, ...]}
The weights use the same seeded generator as the page (it regenerates them in TypeScript from the seed), so the
benchmark also compares outputs.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper


def splitmix_uniform(seed, size, low, high):
    # Vectorised mirror of src/engine/random.ts (Random.uniform): state_i = seed + (i + 1) * golden (mod 2^32).
    mask = np.uint64(0xFFFFFFFF)
    state = (np.uint64(seed & 0xFFFFFFFF) + np.arange(1, size + 1, dtype=np.uint64) * np.uint64(0x9E3779B9)) & mask
    z = state
    z = ((z ^ (z >> np.uint64(16))) * np.uint64(0x85EBCA6B)) & mask
    z = ((z ^ (z >> np.uint64(13))) * np.uint64(0xC2B2AE35)) & mask
    z = (z ^ (z >> np.uint64(16))) & mask
    return low + (high - low) * (z.astype(np.float64) / 4294967296.0)


def model_for(shape, batch, seed):
    k, cin, cout = shape["k"], shape["cin"], shape["cout"]
    if shape["kind"] == "conv":
        w_shape = [cout, cin, k, k]
        op, extra = "Conv", {}
        out = (shape["size"] + 2 * shape["pad"] - k) // shape["stride"] + 1
    else:
        w_shape = [cin, cout, k, k]
        op, extra = "ConvTranspose", {"output_padding": [0, 0]}
        out = (shape["size"] - 1) * shape["stride"] - 2 * shape["pad"] + k
    weights = splitmix_uniform(seed, int(np.prod(w_shape)), -0.1, 0.1).astype(np.float32)
    node = helper.make_node(
        op, ["X", "W"], ["Y"], kernel_shape=[k, k], strides=[shape["stride"]] * 2, pads=[shape["pad"]] * 4, **extra
    )
    graph = helper.make_graph(
        [node],
        "bench",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [batch, cin, shape["size"], shape["size"]])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [batch, cout, out, out])],
        [helper.make_tensor("W", TensorProto.FLOAT, w_shape, weights.tobytes(), raw=True)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    config = json.load(open(sys.argv[1]))
    out_dir = sys.argv[2]
    for index, shape in enumerate(config["shapes"]):
        model = model_for(shape, config["batch"], config["seed"] + index)
        onnx.save(model, f"{out_dir}/{index}.onnx")


if __name__ == "__main__":
    main()
