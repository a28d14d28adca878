// SIDE and MAD (method-reference.md section 7, Unsup3d's evaluation): on the evaluation mask,
// SIDE = sqrt(mean((D - mean D)^2)) with D = log(pred) - log(gt) (scale-invariant depth error; papers report
// it x 1e-2), MAD = mean angle in degrees between the normals derived from both depth maps.
import { type BinaryMap, evaluationMask } from './evaluationMask';
import { type DepthMap, NORMAL_EPSILON, normalsFromDepth } from './normalsFromDepth';

export interface DepthScores {
  /** scale-invariant depth error (not multiplied by 100) */
  side: number;
  /** mean angle deviation of normals, degrees */
  mad: number;
  /** pixels in the evaluation mask */
  pixels: number;
}

function checkInputs(pred: DepthMap, gt: DepthMap, size: number): void {
  if (pred.length !== size * size || gt.length !== size * size)
    throw new Error(`depth metrics: maps must have ${size}x${size} values`);
  for (let i = 0; i < pred.length; i++) {
    if (!(pred[i] > 0) || !(gt[i] > 0))
      throw new Error(`depth metrics: depth must be positive and finite (pixel ${i})`);
  }
}

export function sideOnMask(pred: DepthMap, gt: DepthMap, mask: Uint8Array): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sum += Math.log(pred[i]) - Math.log(gt[i]);
    n++;
  }
  if (n === 0) throw new Error('SIDE: empty evaluation mask');
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) sq += (Math.log(pred[i]) - Math.log(gt[i]) - mean) ** 2;
  return Math.sqrt(sq / n);
}

export function madOnMask(predNormals: Float64Array, gtNormals: Float64Array, mask: Uint8Array): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const dot =
      predNormals[3 * i] * gtNormals[3 * i] +
      predNormals[3 * i + 1] * gtNormals[3 * i + 1] +
      predNormals[3 * i + 2] * gtNormals[3 * i + 2];
    sum += (Math.acos(Math.min(1, Math.max(-1, dot))) * 180) / Math.PI;
    n++;
  }
  if (n === 0) throw new Error('MAD: empty evaluation mask');
  return sum / n;
}

export interface ScoreOptions {
  /** the reconstruction's validity mask (rendered depth < 1.2); omit when the prediction covers the image */
  validity?: BinaryMap;
  /** epsilon of the normal normalization; default = the reference's 1e-7 (see normalsFromDepth.ts), 0 = unit normals */
  normalEpsilon?: number;
}

/** Scores one predicted depth map (in the input view) against its ground truth. */
export function scoreDepth(pred: DepthMap, gt: DepthMap, size: number, options: ScoreOptions = {}): DepthScores {
  checkInputs(pred, gt, size);
  const mask = evaluationMask(gt, size, options.validity);
  const side = sideOnMask(pred, gt, mask);
  const eps = options.normalEpsilon ?? NORMAL_EPSILON;
  const mad = madOnMask(normalsFromDepth(pred, size, eps), normalsFromDepth(gt, size, eps), mask);
  return { side, mad, pixels: mask.reduce((a, b) => a + b, 0) };
}

export function meanStd(values: number[]): { mean: number; std: number } {
  if (values.length === 0) throw new Error('meanStd: no values');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  // population std, as numpy's default (Unsup3d reports np.std)
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std };
}
