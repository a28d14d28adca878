/**
 * ResEncoder, the latent-offset encoder E (method-reference section 2, GAN2Shape's networks.ResEncoder): a k4 s2
 * conv 3 -> nf to S/2, ResBlockDown blocks doubling the width down to 4x4 (nf, 2nf, 4nf, 8nf at 64 px; one more
 * block, 16nf, at 128 px), ReLU, a 4x4 valid conv
 * to 2x the width + ReLU, a 1x1 conv to the GAN's style dimension. No output activation. GAN2Shape uses nf = 32
 * at every size (64 px: 32 -> 64 -> 128 -> 256 -> conv 512 -> out).
 *
 * ResBlockDown: main = ReLU -> conv3 s2 p1 -> ReLU -> conv3 s1 p1 (bias-free); shortcut = avgpool2 -> conv1 (with
 * bias); sum. Quirk not copied: the reference's first ReLU is in place, so its shortcut sees ReLU(x); here the
 * shortcut sees x, the block's intended maths (docs/METHOD.md lists the deviations).
 */
import type { Backend } from '../../engine/backend';
import { Conv2d } from '../../engine/nn/layers';
import { Module } from '../../engine/nn/module';
import { relu } from '../../engine/ops/activation';
import { add } from '../../engine/ops/elementwise';
import { avgPool2x2 } from '../../engine/ops/resize';
import { reshape } from '../../engine/ops/shape';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import { downsamplingLevels } from './sizes';

export class ResBlockDown extends Module {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly shortcut: Conv2d;

  constructor(backend: Backend, random: Random, inChannels: number, outChannels: number) {
    super(backend);
    this.conv1 = this.addModule(
      'conv1',
      new Conv2d(backend, random, inChannels, outChannels, 3, { stride: 2, padding: 1, bias: false }),
    );
    this.conv2 = this.addModule(
      'conv2',
      new Conv2d(backend, random, outChannels, outChannels, 3, { stride: 1, padding: 1, bias: false }),
    );
    this.shortcut = this.addModule('shortcut', new Conv2d(backend, random, inChannels, outChannels, 1));
  }

  forward(x: Tensor): Tensor {
    const main = this.conv2.forward(relu(this.conv1.forward(relu(x))));
    return add(main, this.shortcut.forward(avgPool2x2(x)));
  }
}

export interface ResEncoderOptions {
  imageSize: number;
  /** Output width: the GAN's style (w) dimension. */
  outChannels: number;
  /** Base width (GAN2Shape: 32). */
  nf: number;
}

export class ResEncoder extends Module {
  private readonly stem: Conv2d;
  private readonly blocks: ResBlockDown[] = [];
  private readonly head: Conv2d;
  private readonly out: Conv2d;

  constructor(
    backend: Backend,
    random: Random,
    readonly options: ResEncoderOptions,
  ) {
    super(backend);
    const { imageSize: S, nf, outChannels } = options;
    const levels = downsamplingLevels(S, 'ResEncoder');
    this.stem = this.addModule('stem', new Conv2d(backend, random, 3, nf, 4, { stride: 2, padding: 1, bias: false }));
    let channels = nf;
    for (let i = 1; i < levels; i++) {
      this.blocks.push(this.addModule(`block${i}`, new ResBlockDown(backend, random, channels, channels * 2)));
      channels *= 2;
    }
    this.head = this.addModule(
      'head',
      new Conv2d(backend, random, channels, channels * 2, 4, { stride: 1, padding: 0, bias: false }),
    );
    this.out = this.addModule(
      'out',
      new Conv2d(backend, random, channels * 2, outChannels, 1, { stride: 1, padding: 0, bias: false }),
    );
  }

  forward(x: Tensor): Tensor {
    let h = this.stem.forward(x);
    for (const block of this.blocks) h = block.forward(h);
    h = relu(this.head.forward(relu(h)));
    return reshape(this.out.forward(h), [x.shape[0], this.options.outChannels]);
  }
}
