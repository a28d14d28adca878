/**
 * Float64 reference for the method's losses (method-reference section 4), each reducing to one scalar:
 * - masked L1 = sum(m * |a - b|) / sum(m), the mask [N,1,H,W] broadcast over channels before both sums (GAN2Shape's
 *   photometric_loss expands the mask, so the denominator counts every channel: C * sum over [N,1,H,W]); its
 *   grouped form gives one such value per group of contiguous samples (several terms of a step in one batch);
 * - MSE = mean((a - b)^2);
 * - second-order smoothness (GAN2Shape smooth_loss) on X [N,C,H,W] viewed as N*C maps: with first differences
 *   dx = X[:,:,1:] - X[:,:,:-1] and dy = X[:,1:] - X[:,:-1],
 *   loss = mean|dx_x| + mean|dx_y| + mean|dy_x| + mean|dy_y| (the two mixed terms are equal and both count).
 * |.| has derivative sign(.), 0 at 0, as in PyTorch. A mask that sums to 0 gives NaN, as in PyTorch.
 */
import { checkNchw } from './resize';

function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** The mask is [N,1,H,W] (broadcast over channels) or the full [N,C,H,W]. */
export function checkMaskShape(shape: readonly number[], maskShape: readonly number[]): void {
  const { n, c, h, w } = checkNchw(shape, 'masked L1');
  const ok =
    maskShape.length === 4 &&
    maskShape[0] === n &&
    (maskShape[1] === 1 || maskShape[1] === c) &&
    maskShape[2] === h &&
    maskShape[3] === w;
  if (!ok) throw new Error(`masked L1: mask [${maskShape.join(', ')}] does not broadcast to [${shape.join(', ')}]`);
}

/** Index of the mask value that element i of an [N,C,H,W] tensor uses. */
function maskIndex(i: number, c: number, hw: number, maskChannels: number): number {
  if (maskChannels === c) return i;
  const n = Math.floor(i / (c * hw));
  return n * hw + (i % hw);
}

/**
 * The most groups one grouped masked L1 takes: the WGSL kernel's uniform holds 16 sample boundaries. The float64
 * engine refuses the same so that both backends accept the same calls.
 */
export const MAX_LOSS_GROUPS = 15;

/**
 * Checks that `groups` (sample counts of contiguous groups, in order) split the N samples of `shape` and returns
 * the groups' sample boundaries [0, g0, g0 + g1, ..., N].
 */
export function groupBounds(shape: readonly number[], groups: readonly number[]): number[] {
  const n = shape[0];
  const named = `groups [${groups.join(', ')}] of [${shape.join(', ')}]`;
  if (groups.length === 0 || groups.length > MAX_LOSS_GROUPS)
    throw new Error(`masked L1: ${named}: between 1 and ${MAX_LOSS_GROUPS} groups are supported.`);
  if (groups.some((g) => !Number.isInteger(g) || g < 1))
    throw new Error(`masked L1: ${named}: every group must count a positive integer number of samples.`);
  const bounds = [0];
  for (const g of groups) bounds.push(bounds[bounds.length - 1] + g);
  if (bounds[groups.length] !== n)
    throw new Error(`masked L1: ${named}: the groups sum to ${bounds[groups.length]}, not to the ${n} samples.`);
  return bounds;
}

/**
 * Masked L1 of each group of contiguous samples: loss[g] = sum over the group of m|a-b| / sum over the group of
 * the broadcast mask (maskSum[g]). One group of all samples is maskedL1Forward.
 */
export function maskedL1GroupsForward(
  a: Float64Array,
  b: Float64Array,
  shape: readonly number[],
  mask: Float64Array,
  maskShape: readonly number[],
  groups: readonly number[],
): { loss: Float64Array; maskSum: Float64Array } {
  checkMaskShape(shape, maskShape);
  const bounds = groupBounds(shape, groups);
  const [, c, h, w] = shape;
  const perSample = c * h * w;
  const loss = new Float64Array(groups.length);
  const maskSum = new Float64Array(groups.length);
  for (let g = 0; g < groups.length; g++) {
    let num = 0;
    let den = 0;
    for (let i = bounds[g] * perSample; i < bounds[g + 1] * perSample; i++) {
      const m = mask[maskIndex(i, c, h * w, maskShape[1])];
      num += m * Math.abs(a[i] - b[i]);
      den += m;
    }
    loss[g] = num / den;
    maskSum[g] = den;
  }
  return { loss, maskSum };
}

/** Gradients for a, b and the mask given the groups' gradients g [G]: dm sums (|a-b| - loss[g]) / maskSum[g]. */
export function maskedL1GroupsBackward(
  a: Float64Array,
  b: Float64Array,
  shape: readonly number[],
  mask: Float64Array,
  maskShape: readonly number[],
  groups: readonly number[],
  g: Float64Array,
): { da: Float64Array; db: Float64Array; dmask: Float64Array } {
  const { loss, maskSum } = maskedL1GroupsForward(a, b, shape, mask, maskShape, groups);
  const bounds = groupBounds(shape, groups);
  const [, c, h, w] = shape;
  const perSample = c * h * w;
  const da = new Float64Array(a.length);
  const db = new Float64Array(a.length);
  const dmask = new Float64Array(mask.length);
  for (let k = 0; k < groups.length; k++) {
    for (let i = bounds[k] * perSample; i < bounds[k + 1] * perSample; i++) {
      const mi = maskIndex(i, c, h * w, maskShape[1]);
      const d = a[i] - b[i];
      da[i] = (g[k] * mask[mi] * sign(d)) / maskSum[k];
      db[i] = -da[i];
      dmask[mi] += (g[k] * (Math.abs(d) - loss[k])) / maskSum[k];
    }
  }
  return { da, db, dmask };
}

export function maskedL1Forward(
  a: Float64Array,
  b: Float64Array,
  shape: readonly number[],
  mask: Float64Array,
  maskShape: readonly number[],
): { loss: number; maskSum: number } {
  const r = maskedL1GroupsForward(a, b, shape, mask, maskShape, [shape[0]]);
  return { loss: r.loss[0], maskSum: r.maskSum[0] };
}

/** Gradients for a, b and the mask given the scalar's gradient g: dm sums (|a-b| - loss) / sum(m) over channels. */
export function maskedL1Backward(
  a: Float64Array,
  b: Float64Array,
  shape: readonly number[],
  mask: Float64Array,
  maskShape: readonly number[],
  g: number,
): { da: Float64Array; db: Float64Array; dmask: Float64Array } {
  return maskedL1GroupsBackward(a, b, shape, mask, maskShape, [shape[0]], new Float64Array([g]));
}

export function mseForward(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error('mse: operands must have the same, non-zero size');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

export function mseBackward(a: Float64Array, b: Float64Array, g: number): { da: Float64Array; db: Float64Array } {
  const da = new Float64Array(a.length);
  const db = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    da[i] = (2 * g * (a[i] - b[i])) / a.length;
    db[i] = -da[i];
  }
  return { da, db };
}

/** Element counts of the four second-difference maps of one H x W map. */
export function smoothnessCounts(h: number, w: number): { xx: number; mixed: number; yy: number } {
  return { xx: h * (w - 2), mixed: (h - 1) * (w - 1), yy: (h - 2) * w };
}

function checkSmoothness(shape: readonly number[]): { maps: number; h: number; w: number } {
  const { n, c, h, w } = checkNchw(shape, 'smoothness loss');
  if (h < 3 || w < 3) throw new Error(`smoothness loss needs maps of at least 3x3, got ${h}x${w}`);
  return { maps: n * c, h, w };
}

export function smoothnessForward(x: Float64Array, shape: readonly number[]): number {
  const { maps, h, w } = checkSmoothness(shape);
  const counts = smoothnessCounts(h, w);
  let xx = 0;
  let mixed = 0;
  let yy = 0;
  for (let p = 0; p < maps; p++) {
    const at = (i: number, j: number) => x[(p * h + i) * w + j];
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        if (j + 2 < w) xx += Math.abs(at(i, j + 2) - 2 * at(i, j + 1) + at(i, j));
        if (i + 2 < h) yy += Math.abs(at(i + 2, j) - 2 * at(i + 1, j) + at(i, j));
        if (i + 1 < h && j + 1 < w) mixed += Math.abs(at(i + 1, j + 1) - at(i + 1, j) - at(i, j + 1) + at(i, j));
      }
    }
  }
  return xx / (maps * counts.xx) + (2 * mixed) / (maps * counts.mixed) + yy / (maps * counts.yy);
}

export function smoothnessBackward(x: Float64Array, shape: readonly number[], g: number): Float64Array {
  const { maps, h, w } = checkSmoothness(shape);
  const counts = smoothnessCounts(h, w);
  const wxx = g / (maps * counts.xx);
  const wmixed = (2 * g) / (maps * counts.mixed);
  const wyy = g / (maps * counts.yy);
  const dx = new Float64Array(x.length);
  for (let p = 0; p < maps; p++) {
    const idx = (i: number, j: number) => (p * h + i) * w + j;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        if (j + 2 < w) {
          const s = wxx * sign(x[idx(i, j + 2)] - 2 * x[idx(i, j + 1)] + x[idx(i, j)]);
          dx[idx(i, j + 2)] += s;
          dx[idx(i, j + 1)] -= 2 * s;
          dx[idx(i, j)] += s;
        }
        if (i + 2 < h) {
          const s = wyy * sign(x[idx(i + 2, j)] - 2 * x[idx(i + 1, j)] + x[idx(i, j)]);
          dx[idx(i + 2, j)] += s;
          dx[idx(i + 1, j)] -= 2 * s;
          dx[idx(i, j)] += s;
        }
        if (i + 1 < h && j + 1 < w) {
          const s = wmixed * sign(x[idx(i + 1, j + 1)] - x[idx(i + 1, j)] - x[idx(i, j + 1)] + x[idx(i, j)]);
          dx[idx(i + 1, j + 1)] += s;
          dx[idx(i + 1, j)] -= s;
          dx[idx(i, j + 1)] -= s;
          dx[idx(i, j)] += s;
        }
      }
    }
  }
  return dx;
}
