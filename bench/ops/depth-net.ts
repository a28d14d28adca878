/**
 * The method's depth net D (EDDeconv at 64 px, shared docs/method-reference.md section 2) built from engine
 * modules, for timing one full training step (forward + backward + Adam). Width nf (64 in the method); GN groups
 * are channels / 4; convs are bias-free; LReLU slope 0.2 in the encoder, ReLU in the decoder.
 */
import type { Backend } from '../../src/engine/backend';
import { Conv2d, ConvTranspose2d } from '../../src/engine/nn/layers';
import { Module } from '../../src/engine/nn/module';
import { leakyRelu, relu } from '../../src/engine/ops/activation';
import { groupNorm } from '../../src/engine/ops/norm';
import { upsampleNearest2x } from '../../src/engine/ops/resize';
import { Random } from '../../src/engine/random';
import type { Tensor } from '../../src/engine/tensor';

class GroupNorm extends Module {
  readonly gamma: Tensor;
  readonly beta: Tensor;
  constructor(
    backend: Backend,
    readonly channels: number,
  ) {
    super(backend);
    this.gamma = this.addParameter('weight', new Float64Array(channels).fill(1), [channels]);
    this.beta = this.addParameter('bias', new Float64Array(channels), [channels]);
  }
  forward(x: Tensor): Tensor {
    return groupNorm(x, this.gamma, this.beta, this.channels / 4);
  }
}

type Step = { conv: Conv2d | ConvTranspose2d; norm: GroupNorm | null; act: 'lrelu' | 'relu' | 'none' };

export class DepthNet extends Module {
  private readonly steps: (Step | 'upsample')[] = [];

  constructor(backend: Backend, seed: number, nf: number) {
    super(backend);
    const random = new Random(seed);
    let index = 0;
    const add = (conv: Conv2d | ConvTranspose2d, normChannels: number | null, act: Step['act']) => {
      const i = index++;
      this.addModule(`conv${i}`, conv);
      const norm = normChannels ? this.addModule(`norm${i}`, new GroupNorm(backend, normChannels)) : null;
      this.steps.push({ conv, norm, act });
    };
    const conv = (cin: number, cout: number, k: number, stride: number, padding: number) =>
      new Conv2d(backend, random, cin, cout, k, { stride, padding, bias: false });
    const convT = (cin: number, cout: number, stride: number, padding: number) =>
      new ConvTranspose2d(backend, random, cin, cout, 4, { stride, padding, bias: false });
    // Encoder: 64 -> 32 -> 16 -> 8 -> 4 -> 1.
    add(conv(3, nf, 4, 2, 1), nf, 'lrelu');
    add(conv(nf, 2 * nf, 4, 2, 1), 2 * nf, 'lrelu');
    add(conv(2 * nf, 4 * nf, 4, 2, 1), 4 * nf, 'lrelu');
    add(conv(4 * nf, 8 * nf, 4, 2, 1), null, 'lrelu');
    add(conv(8 * nf, 4 * nf, 4, 1, 0), null, 'relu');
    // Decoder: 1 -> 4 -> 8 -> 16 -> 32 -> 64.
    add(convT(4 * nf, 8 * nf, 1, 0), null, 'relu');
    add(conv(8 * nf, 8 * nf, 3, 1, 1), null, 'relu');
    for (const [cin, cout] of [
      [8 * nf, 4 * nf],
      [4 * nf, 2 * nf],
      [2 * nf, nf],
    ]) {
      add(convT(cin, cout, 2, 1), cout, 'relu');
      add(conv(cout, cout, 3, 1, 1), cout, 'relu');
    }
    this.steps.push('upsample');
    add(conv(nf, nf, 3, 1, 1), nf, 'relu');
    add(conv(nf, nf, 5, 1, 2), nf, 'relu');
    add(conv(nf, 1, 5, 1, 2), null, 'none');
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const step of this.steps) {
      if (step === 'upsample') {
        h = upsampleNearest2x(h);
        continue;
      }
      h = step.conv.forward(h);
      if (step.norm) h = step.norm.forward(h);
      if (step.act === 'lrelu') h = leakyRelu(h, 0.2);
      else if (step.act === 'relu') h = relu(h);
    }
    return h;
  }
}
