"""ONNX graphs of the generator: mapping (z -> w) and synthesis (w per style input -> image, fixed noise)."""

import warnings

import onnx
import torch
from torch import nn

ONNX_OPSET = 16


class MappingGraph(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, z):
        return self.g.mapping(z)


class SynthesisGraph(nn.Module):
    """Uses the checkpoint's fixed noise buffers, as GAN2Shape does (no random noise inside the graph)."""

    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, w):
        return self.g.synthesis(w, noise=self.g.fixed_noise())


def export_onnx(module, example, path, input_name, output_name):
    module.eval()
    with warnings.catch_warnings():
        # Tracing warns about Python-side shape arithmetic; the shapes it freezes are channel counts, never the batch.
        warnings.simplefilter("ignore")
        torch.onnx.export(module, (example,), str(path), input_names=[input_name], output_names=[output_name],
                          dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}},
                          opset_version=ONNX_OPSET, do_constant_folding=True)
    # torch 1.13 stores a Python stack trace in every node's doc_string: dead weight in a file browsers download.
    model = onnx.load(str(path))
    for node in model.graph.node:
        node.doc_string = ""
    onnx.save(model, str(path))


def export_generator_graphs(g, out_dir):
    g = g.eval()
    z = torch.randn(2, g.style_dim)
    export_onnx(MappingGraph(g), z, out_dir / "mapping.onnx", "z", "w")
    w = torch.randn(2, g.n_latent, g.style_dim)
    export_onnx(SynthesisGraph(g), w, out_dir / "synthesis.onnx", "w", "image")
