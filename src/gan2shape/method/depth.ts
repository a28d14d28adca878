/**
 * Depth-net output to depth (method-reference section 2): d = 1 + 0.1 tanh(D(I) - spatial_mean(D(I))), so depth
 * lies in (0.9, 1.1) around the rotation centre at 1.
 */
import { tanh } from '../../engine/ops/activation';
import { affine, sub } from '../../engine/ops/elementwise';
import { mean } from '../../engine/ops/reduce';
import type { Tensor } from '../../engine/tensor';

export const MIN_DEPTH = 0.9;
export const MAX_DEPTH = 1.1;

export function depthFromRaw(raw: Tensor): Tensor {
  const centred = sub(raw, mean(raw, { axes: [2, 3], keepDims: true }));
  return affine(tanh(centred), (MAX_DEPTH - MIN_DEPTH) / 2, (MAX_DEPTH + MIN_DEPTH) / 2);
}
