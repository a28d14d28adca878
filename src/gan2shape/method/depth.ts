/**
 * Depth-net output to depth (method-reference section 2): d = 1 + 0.1 tanh(D(I) - spatial_mean(D(I))), so depth
 * lies in (0.9, 1.1) around the rotation centre at 1. Then the two outermost columns on each side are set to the
 * border depth 0.7 * 1.1 + 0.3 * 0.9 = 1.04 (Unsup3d's border_depth; GAN2Shape's code blends them with weight
 * 1.02, i.e. d <- -0.02 d + 1.02 * 1.04, a typo-like quirk this project does not copy): a fixed backdrop at the
 * image's left and right edges, so the mesh's side walls do not follow whatever the net predicts there.
 *
 * With the preset's depthResidual the net predicts a correction of the prior instead (a deviation, docs/METHOD.md):
 * d = 1 + 0.1 tanh(atanh((prior - 1) / 0.1) + D(I) - spatial_mean(D(I))), D's last conv starting at zero, so the
 * first depth is the prior itself and no iteration is spent (and no relief lost) fitting D to it.
 */
import { tanh } from '../../engine/ops/activation';
import { add, affine, mul, sub } from '../../engine/ops/elementwise';
import { mean } from '../../engine/ops/reduce';
import type { Tensor } from '../../engine/tensor';

export const MIN_DEPTH = 0.9;
export const MAX_DEPTH = 1.1;
export const BORDER_DEPTH = 0.7 * MAX_DEPTH + 0.3 * MIN_DEPTH;
/** Columns on each side overwritten with BORDER_DEPTH. */
export const BORDER_COLUMNS = 2;

/**
 * Depth from the net's raw output [B, 1, S, S], without the border (the prior fit compares this); `base` (the
 * prior's logit, [1, 1, S, S], depthResidual) is added after the centring.
 */
export function depthFromRaw(raw: Tensor, base: Tensor | null = null): Tensor {
  const centred = sub(raw, mean(raw, { axes: [2, 3], keepDims: true }));
  return affine(tanh(base ? add(centred, base) : centred), (MAX_DEPTH - MIN_DEPTH) / 2, (MAX_DEPTH + MIN_DEPTH) / 2);
}

/** The inverse of depthFromRaw's squashing: the logit whose depth is `depth` (clamped inside the range). */
export function depthLogit(depth: ArrayLike<number>): Float32Array {
  const half = (MAX_DEPTH - MIN_DEPTH) / 2;
  const centre = (MAX_DEPTH + MIN_DEPTH) / 2;
  return Float32Array.from(depth, (d) => Math.atanh(Math.max(-0.999, Math.min(0.999, (d - centre) / half))));
}

/** The method's canonical depth [B, 1, S, S]: depthFromRaw with the border columns set to BORDER_DEPTH. */
export function canonicalDepth(raw: Tensor, base: Tensor | null = null): Tensor {
  const depth = depthFromRaw(raw, base);
  const S = raw.shape[3];
  // Float64Array, not Float32Array: the float64 cpu backend must see BORDER_DEPTH exactly, not 1.0399999618530273.
  const keep = new Float64Array(S);
  const border = new Float64Array(S);
  for (let c = 0; c < S; c++) {
    const edge = c < BORDER_COLUMNS || c >= S - BORDER_COLUMNS;
    keep[c] = edge ? 0 : 1;
    border[c] = edge ? BORDER_DEPTH : 0;
  }
  const backend = raw.backend;
  return add(mul(depth, backend.fromArray(keep, [1, 1, 1, S])), backend.fromArray(border, [1, 1, 1, S]));
}
