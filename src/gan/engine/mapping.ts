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
    return this.forwardLayers(z, 0, this.layers.length);
  }

  /**
   * A part of the network: the linear layers [first, end) applied to x [N, D], preceded by the PixelNorm when
   * first = 0 (the PixelNorm is the network's layer 0). GAN2Shape's latent offset splits the network this way:
   * h0 = layers [0, k) of z = 0, and the offset is F(h0 + e) - F(h0) with F = layers [k, n_mlp).
   */
  forwardLayers(x: Tensor, first: number, end: number): Tensor {
    const d = this.config.style_dim;
    if (x.shape.length !== 2 || x.shape[1] !== d)
      throw new GanInputError(`mapping input must be [N, ${d}] (style_dim), got ${formatShape(x.shape)}.`);
    if (!(Number.isInteger(first) && Number.isInteger(end) && first >= 0 && first <= end && end <= this.layers.length))
      throw new GanInputError(`mapping layers [${first}, ${end}) are not a range of 0..${this.layers.length}.`);
    const { negative_slope: slope, gain } = this.config.leaky_relu;
    let h = first === 0 ? pixelNorm(x, this.config.pixel_norm_eps) : x;
    for (const layer of this.layers.slice(first, end))
      h = fusedLeakyRelu(linear(h, layer.weight, null), layer.bias, slope, gain);
    return h;
  }

  get layerCount(): number {
    return this.layers.length;
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
