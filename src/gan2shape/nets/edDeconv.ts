/**
 * EDDeconv, the method's depth net D (cout 1) and albedo net A (cout 3, tanh): method-reference section 2.
 * Generic in the image size S: log2(S) - 2 stride-2 encoder convs reach 4x4 (GN with C/4 groups on all but the
 * last), a 4x4 valid conv to the bottleneck (zdim = half the last encoder width), a k4 transposed conv back to
 * 4x4, then (log2(S) - 3) up-blocks of convT s2 + conv3 (GN, ReLU), a nearest x2 upsample and conv3, conv5,
 * conv5 -> cout. At S = 64 with nf = 64 this is exactly the table's 64 px layout (3->64->128->256->512 -> 256 ->
 * 512 -> 256 -> 128 -> 64), at S = 128 with nf = 32 the 128 px one. All convs are bias-free; LReLU 0.2 in the
 * encoder, ReLU in the decoder.
 */
import type { Backend } from '../../engine/backend';
import { Conv2d, ConvTranspose2d } from '../../engine/nn/layers';
import { Module } from '../../engine/nn/module';
import { GroupNorm } from '../../engine/nn/norm';
import { leakyRelu, relu, tanh } from '../../engine/ops/activation';
import { upsampleNearest2x } from '../../engine/ops/resize';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';

type Layer = { conv: Conv2d | ConvTranspose2d; norm: GroupNorm | null; act: 'lrelu' | 'relu' | 'none' } | 'upsample';

export interface EDDeconvOptions {
  imageSize: number;
  inChannels?: number;
  outChannels: number;
  /** Base width; the paper uses max(4096 / S, 16). */
  nf: number;
  /** Final activation: tanh for albedo, none for depth. */
  outputActivation: 'tanh' | 'none';
}

export class EDDeconv extends Module {
  private readonly layers: Layer[] = [];

  constructor(
    backend: Backend,
    random: Random,
    readonly options: EDDeconvOptions,
  ) {
    super(backend);
    const { imageSize: S, nf, outChannels } = options;
    const levels = Math.log2(S) - 2;
    if (!Number.isInteger(levels) || levels < 2)
      throw new Error(`EDDeconv: image size must be a power of two >= 16, got ${S}`);
    if (nf % 4 !== 0) throw new Error(`EDDeconv: nf must be a multiple of 4 (GroupNorm uses C/4 groups), got ${nf}`);
    let index = 0;
    const add = (conv: Conv2d | ConvTranspose2d, normalize: boolean, act: 'lrelu' | 'relu' | 'none') => {
      const i = index++;
      this.addModule(`conv${i}`, conv);
      const channels = conv.weight.shape[conv instanceof ConvTranspose2d ? 1 : 0];
      const norm = normalize ? this.addModule(`norm${i}`, new GroupNorm(backend, channels / 4, channels)) : null;
      this.layers.push({ conv, norm, act });
    };
    const conv = (cin: number, cout: number, k: number, stride: number, padding: number) =>
      new Conv2d(backend, random, cin, cout, k, { stride, padding, bias: false });
    const convT = (cin: number, cout: number, stride: number, padding: number) =>
      new ConvTranspose2d(backend, random, cin, cout, 4, { stride, padding, bias: false });

    let channels = options.inChannels ?? 3;
    for (let level = 0; level < levels; level++) {
      const out = nf * 2 ** level;
      add(conv(channels, out, 4, 2, 1), level < levels - 1, 'lrelu');
      channels = out;
    }
    const zdim = channels / 2;
    add(conv(channels, zdim, 4, 1, 0), false, 'relu');
    add(convT(zdim, channels, 1, 0), false, 'relu');
    add(conv(channels, channels, 3, 1, 1), false, 'relu');
    for (let up = 0; up < levels - 1; up++) {
      const out = channels / 2;
      add(convT(channels, out, 2, 1), true, 'relu');
      add(conv(out, out, 3, 1, 1), true, 'relu');
      channels = out;
    }
    this.layers.push('upsample');
    add(conv(channels, channels, 3, 1, 1), true, 'relu');
    add(conv(channels, channels, 5, 1, 2), true, 'relu');
    add(conv(channels, outChannels, 5, 1, 2), false, 'none');
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const layer of this.layers) {
      if (layer === 'upsample') {
        h = upsampleNearest2x(h);
        continue;
      }
      if (layer.norm) {
        // The activation is fused into GroupNorm's store (every normalized layer has one).
        h = layer.norm.forward(layer.conv.forward(h), layer.act === 'relu' ? 'relu' : 'leaky_relu');
      } else if (layer.conv instanceof Conv2d && layer.act !== 'none') {
        // Without a norm the activation is fused into the conv's kernel.
        h = layer.conv.forward(h, layer.act === 'relu' ? 'relu' : 'leaky_relu', 0.2);
      } else {
        h = layer.conv.forward(h);
        if (layer.act === 'lrelu') h = leakyRelu(h, 0.2);
        else if (layer.act === 'relu') h = relu(h);
      }
    }
    return this.options.outputActivation === 'tanh' ? tanh(h) : h;
  }
}
