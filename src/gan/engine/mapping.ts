/**
 * StyleGAN2 mapping network (z -> w) on the engine, as tools/stylegan2/model.py Generator.style and
 * mapping.onnx: PixelNorm, then n_mlp equalized-lr linears each followed by the fused bias + leaky ReLU (the
 * lr_mlp factor is part of the weights' and biases' gains in the bundle). Differentiable w.r.t. z.
 */
import { noGrad } from '../../engine/autograd/grad-mode';
import { Tape } from '../../engine/autograd/tape';
import { linear } from '../../engine/ops/matmul';
import { formatShape } from '../../engine/shape';
import type { Tensor } from '../../engine/tensor';
import type { BundleConfig } from '../bundle/manifest';
import { fusedLeakyRelu } from './fusedLeakyRelu';
import { pixelNorm } from './ops/stylePixelNorm';
import { GanInputError } from './synthesis/errors';
import type { GanWeights } from './weights';

export class EngineMapping {
  private readonly layers: { weight: Tensor; bias: Tensor }[];

  constructor(
    weights: GanWeights,
    private readonly config: BundleConfig,
  ) {
    this.layers = [];
    for (let i = 1; i <= config.n_mlp; i++) {
      this.layers.push({ weight: weights.get(`g_ema.style.${i}.weight`), bias: weights.get(`g_ema.style.${i}.bias`) });
    }
  }

  /** w [N, D] from z [N, D]; records on the active tape. */
  forward(z: Tensor): Tensor {
    const d = this.config.style_dim;
    if (z.shape.length !== 2 || z.shape[1] !== d)
      throw new GanInputError(`mapping z must be [N, ${d}] (style_dim), got ${formatShape(z.shape)}.`);
    const { negative_slope: slope, gain } = this.config.leaky_relu;
    let x = pixelNorm(z, this.config.pixel_norm_eps);
    for (const layer of this.layers) x = fusedLeakyRelu(linear(x, layer.weight, null), layer.bias, slope, gain);
    return x;
  }

  /** Forward only, outside any tape: a caller-owned w. */
  generate(z: Tensor): Tensor {
    const tape = new Tape();
    try {
      return noGrad(() => tape.run(() => this.forward(z).keep()));
    } finally {
      tape.free();
    }
  }
}
