/**
 * StyleGAN2's ToRGB (tools/stylegan2/model.py ToRGB): a modulated 1x1 conv without demodulation plus a bias,
 * plus the previous resolution's RGB upsampled with upfirdn2d (up 2, the pads and kernel_scale of
 * `rgb_skip_upsample`), except for the first ToRGB.
 */
import { conv2d } from '../../../engine/ops/conv';
import { add } from '../../../engine/ops/elementwise';
import { linear } from '../../../engine/ops/matmul';
import type { Tensor } from '../../../engine/tensor';
import type { UpfirdnUse } from '../../bundle/manifest';
import { modulate } from '../ops/modconvModulate';
import { upfirdn2d } from '../upfirdn';
import type { ModConvWeights } from './convWeights';
import type { StyleLinear } from './styledConv';

export interface ToRgbParams {
  modulation: StyleLinear;
  conv: ModConvWeights;
  /** [3] */
  bias: Tensor;
}

export function toRgb(
  x: Tensor,
  w: Tensor,
  p: ToRgbParams,
  skip: Tensor | null,
  skipUpsample: { use: UpfirdnUse; kernel: Tensor },
): Tensor {
  const style = linear(w, p.modulation.weight, p.modulation.bias);
  const rgb = conv2d(modulate(x, style), p.conv.weight, p.bias, { stride: 1, padding: 0 });
  if (!skip) return rgb;
  const { use, kernel } = skipUpsample;
  return add(rgb, upfirdn2d(skip, kernel, { up: use.up, down: use.down, pad: use.pad }));
}
