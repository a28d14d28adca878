/**
 * Encoder, the method's viewpoint net V (cout 6) and light net L (cout 4): method-reference section 2 and
 * GAN2Shape's networks.Encoder. log2(S) - 2 stride-2 k4 convs with ReLU take the image to 4x4 (widths nf, 2nf,
 * 4nf, 8nf, and 16nf for the extra level of 128 px), a 4x4 valid conv keeping the width + ReLU, a 1x1 conv to cout, tanh. No normalisation, all convs bias-free. Output [B, cout].
 *
 * Deviation (documented in docs/METHOD.md): the last conv starts at zero. GAN2Shape's ellipsoid regime (car,
 * church) starts V and L from random weights, which puts the first renders in a random view and light; a zero
 * start puts them at the prior mean (frontal view, frontal light) until step 3 trains the nets.
 */
import type { Backend } from '../../engine/backend';
import { Conv2d } from '../../engine/nn/layers';
import { Module } from '../../engine/nn/module';
import { tanh } from '../../engine/ops/activation';
import { reshape } from '../../engine/ops/shape';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import { downsamplingLevels } from './sizes';

export interface EncoderOptions {
  imageSize: number;
  outChannels: number;
  /** Base width (the paper: max(4096 / S, 16); GAN2Shape's synface V/L at 64 px use 64). */
  nf: number;
  /** Zero the last conv so the first outputs are tanh(0) = 0 (see the header). Default true. */
  zeroLast?: boolean;
}

export class Encoder extends Module {
  private readonly convs: Conv2d[] = [];

  constructor(
    backend: Backend,
    random: Random,
    readonly options: EncoderOptions,
  ) {
    super(backend);
    const { imageSize: S, nf, outChannels } = options;
    const levels = downsamplingLevels(S, 'Encoder');
    let channels = 3;
    const add = (cout: number, k: number, stride: number, padding: number) => {
      const conv = new Conv2d(backend, random, channels, cout, k, { stride, padding, bias: false });
      this.convs.push(this.addModule(`conv${this.convs.length}`, conv));
      channels = cout;
    };
    for (let level = 0; level < levels; level++) add(nf * 2 ** level, 4, 2, 1);
    add(channels, 4, 1, 0);
    add(outChannels, 1, 1, 0);
    if (options.zeroLast ?? true) zeroParameter(this.convs[this.convs.length - 1].weight);
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (let i = 0; i < this.convs.length; i++) {
      // ReLU after every conv but the last, fused into the conv's kernel.
      h = this.convs[i].forward(h, i < this.convs.length - 1 ? 'relu' : undefined);
    }
    return reshape(tanh(h), [x.shape[0], this.options.outChannels]);
  }
}

/** Overwrites a parameter with zeros on its device. */
export function zeroParameter(p: Tensor): void {
  const zeros = p.backend.zeros(p.shape);
  p.backend.copyInto(p, zeros);
  zeros.release();
}
