/**
 * Scoring the method on the synthetic test set (npm run eval:method, docs/EVALUATION.md): a dataset sample as
 * the method's input (the whole image, its ground-truth mask, the synface prior), and SIDE/MAD of the final
 * snapshot's reconDepth (the canonical depth rendered in the input's view) against the ground-truth depth,
 * with Unsup3d's validity mask (reconDepth < 1.2) as the reference evaluation uses it.
 */
import type { RgbaImage } from '../../data/image/rgba';
import { scoreDepth } from '../../data/metrics/depthMetrics';
import type { PriorCategory } from '../prior/ellipsoid';
import { prepareMaskedRunInput, type RunInput } from '../runner/input';

/** Rendered depth at or beyond this is background (the renderer's validity mask, method-reference section 3). */
export const VALIDITY_DEPTH = 1.2;

function toRgba(values: ArrayLike<number>, size: number, channels: 1 | 3): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = values[i * channels + (channels === 3 ? c : 0)];
    data[i * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}

/**
 * A synface-v1 sample as the method's input at `size` px: the whole image (crop = the image), its ground-truth
 * mask (0/255, area-resampled as the method resizes masks) and the ellipsoid prior from that mask.
 */
export function synthRunInput(
  rgb: Uint8Array,
  mask: Uint8Array,
  dataSize: number,
  size: number,
  category: PriorCategory = 'synface',
): RunInput {
  if (rgb.length !== dataSize * dataSize * 3 || mask.length !== dataSize * dataSize)
    throw new Error(`synthRunInput: expected a ${dataSize} px RGB image and mask`);
  const whole = { x: 0, y: 0, size: dataSize };
  return prepareMaskedRunInput(toRgba(rgb, dataSize, 3), whole, toRgba(mask, dataSize, 1), size, category);
}

/** Bilinear resampling of a square map (align_corners = false, edge clamp), e.g. a 32 px depth to 64 px. */
export function resampleSquare(src: ArrayLike<number>, from: number, to: number): Float32Array {
  const out = new Float32Array(to * to);
  const scale = from / to;
  const clamp = (i: number) => Math.min(Math.max(i, 0), from - 1);
  for (let r = 0; r < to; r++) {
    const y = (r + 0.5) * scale - 0.5;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let c = 0; c < to; c++) {
      const x = (c + 0.5) * scale - 0.5;
      const x0 = Math.floor(x);
      const fx = x - x0;
      const at = (yy: number, xx: number) => src[clamp(yy) * from + clamp(xx)];
      out[r * to + c] =
        (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
        fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
    }
  }
  return out;
}

/** Unsup3d's validity mask of a depth rendered in the input view: 1 where it is nearer than VALIDITY_DEPTH. */
export function validityMask(reconDepth: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(reconDepth, (d) => (d < VALIDITY_DEPTH ? 1 : 0));
}

export interface MethodScores {
  /** Scale-invariant depth error (not x 100). */
  side: number;
  /** Mean angle deviation of the normals, degrees (the reference's epsilon, as the table). */
  mad: number;
  /** MAD with exactly unit normals. */
  madUnit: number;
  /** Pixels in the evaluation mask. */
  pixels: number;
  /** True when the method's size differed from the data's and reconDepth was resampled to the data's. */
  resampled: boolean;
}

/**
 * Scores a reconDepth (size x size, the method's S) against ground truth (gtSize): resampled bilinearly to the
 * ground truth's size when they differ, validity = [reconDepth < 1.2], then scoreDepth exactly as the table.
 */
export function scoreReconDepth(
  reconDepth: Float32Array,
  size: number,
  gtDepth: Float32Array,
  gtSize: number,
): MethodScores {
  const resampled = size !== gtSize;
  const pred = resampled ? resampleSquare(reconDepth, size, gtSize) : reconDepth;
  const validity = validityMask(pred);
  const ref = scoreDepth(pred, gtDepth, gtSize, { validity });
  const unit = scoreDepth(pred, gtDepth, gtSize, { validity, normalEpsilon: 0 });
  return { side: ref.side, mad: ref.mad, madUnit: unit.mad, pixels: ref.pixels, resampled };
}
