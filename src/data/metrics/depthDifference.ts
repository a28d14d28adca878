/**
 * What the comparison of a recovered depth with its ground truth draws (the app's ground-truth panel): the
 * difference map on the evaluation mask and one depth range shared by both maps, so equal colours mean equal
 * depth. SIDE is blind to a global scale of the depth (a shift of log depth), so the difference is shown with its
 * mean over the mask removed: what is left is what SIDE and MAD see. Outside the mask the map holds NaN.
 */
import type { DepthMap } from './normalsFromDepth';

export interface DepthDifference {
  /** pred - gt - offset on the mask, NaN outside it. */
  values: Float32Array;
  /** mean of pred - gt over the mask (removed from `values`). */
  offset: number;
  /** max |values| over the mask (0 when the mask is empty): the diverging colour map's half range. */
  maxAbs: number;
  /** pixels in the mask */
  pixels: number;
}

function checkSizes(pred: DepthMap, gt: DepthMap, mask: ArrayLike<number>): void {
  if (pred.length !== gt.length || mask.length !== gt.length)
    throw new Error(`depthDifference: maps of ${pred.length}, ${gt.length} and ${mask.length} values`);
}

/** Recovered minus ground truth on `mask` (nonzero = scored), mean offset removed. */
export function depthDifference(pred: DepthMap, gt: DepthMap, mask: ArrayLike<number>): DepthDifference {
  checkSizes(pred, gt, mask);
  let sum = 0;
  let pixels = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sum += pred[i] - gt[i];
    pixels++;
  }
  const offset = pixels ? sum / pixels : 0;
  const values = new Float32Array(gt.length).fill(Number.NaN);
  let maxAbs = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const v = pred[i] - gt[i] - offset;
    values[i] = v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  return { values, offset, maxAbs, pixels };
}

/**
 * The depth range [lo, hi] of both maps over `mask` (the pixels that are scored; the backgrounds of the two maps
 * sit at unrelated depths and would flatten the face's relief); null when the mask is empty.
 */
export function sharedDepthRange(a: DepthMap, b: DepthMap, mask: ArrayLike<number>): { lo: number; hi: number } | null {
  checkSizes(a, b, mask);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    lo = Math.min(lo, a[i], b[i]);
    hi = Math.max(hi, a[i], b[i]);
  }
  return lo <= hi ? { lo, hi } : null;
}
