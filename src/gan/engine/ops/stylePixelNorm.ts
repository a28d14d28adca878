/** Autograd op of the style pixel-norm family: StyleGAN2's PixelNorm over the feature axis of latent rows [N, D]. */
import { recordOp } from '../../../engine/autograd/tape';
import type { Tensor } from '../../../engine/tensor';
import { pixelNormBackwardKernel, pixelNormForwardKernel } from './stylePixelNorm.kernels';

/** y = x * rsqrt(mean(x^2 over the row) + eps). */
export function pixelNorm(x: Tensor, eps: number): Tensor {
  if (!(eps > 0)) throw new Error(`pixelNorm: eps must be positive, got ${eps}.`);
  const y = pixelNormForwardKernel([x], { eps });
  recordOp('pixel_norm', [x], y, ([g]) => [pixelNormBackwardKernel([x, g], { eps })]);
  return y;
}
