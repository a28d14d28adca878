/**
 * One StyleGAN2 styled conv (tools/stylegan2/model.py StyledConv) in the non-fused form, on engine ops:
 *   s = W~_mod w + b_mod                               (equalized-lr linear; b_mod starts at 1)
 *   y = conv(modulate(x, s), W~)   (x * s[n,c] in one pass; one conv for the whole batch), or for the upsampling conv
 *       blur(conv_transpose2d(x * s, W~^T, stride 2), pads of `modconv_upsample_blur`, kernel x kernel_scale)
 *   out = gain * leaky_relu(y * d[n,o] + nw * noise + b)   with d = rsqrt(s^2 E^T + eps)  (one fused pass)
 */
import { conv2d, convTranspose2d } from '../../../engine/ops/conv';
import { linear } from '../../../engine/ops/matmul';
import type { Tensor } from '../../../engine/tensor';
import type { UpfirdnUse } from '../../bundle/manifest';
import { demodulationCoefficients } from '../ops/modconvDemod';
import { modulate } from '../ops/modconvModulate';
import { synthActivate } from '../ops/synthActivate';
import type { LeakyReluParams } from '../ops/synthActivate.reference';
import { upfirdn2d } from '../upfirdn';
import type { ModConvWeights } from './convWeights';

export interface StyleLinear {
  weight: Tensor;
  bias: Tensor;
}

export interface StyledConvParams {
  modulation: StyleLinear;
  conv: ModConvWeights;
  noise: Tensor;
  noiseWeight: Tensor;
  bias: Tensor;
}

export interface StyledConvContext {
  act: LeakyReluParams;
  demodEps: number;
  /** The blur after the transposed conv and its (kernel_scale-multiplied) kernel. */
  upsampleBlur: { use: UpfirdnUse; kernel: Tensor };
}

export function styledConv(x: Tensor, w: Tensor, p: StyledConvParams, ctx: StyledConvContext): Tensor {
  const style = linear(w, p.modulation.weight, p.modulation.bias);
  const xs = modulate(x, style);
  let y: Tensor;
  if (p.conv.transposed) {
    const up = convTranspose2d(xs, p.conv.weight, null, { stride: 2, padding: 0 });
    const { use, kernel } = ctx.upsampleBlur;
    y = upfirdn2d(up, kernel, { up: use.up, down: use.down, pad: use.pad });
  } else {
    y = conv2d(xs, p.conv.weight, null, { stride: 1, padding: p.conv.kernelSize >> 1 });
  }
  if (!p.conv.energy) throw new Error('styledConv: a styled conv demodulates; its weights lack the energy.');
  const d = demodulationCoefficients(style, p.conv.energy, ctx.demodEps);
  return synthActivate(y, d, p.noise, p.noiseWeight, p.bias, ctx.act);
}
