/**
 * Is a recovered shape wrong in form or only in depth? SIDE and MAD are invariant to a global depth scale but not
 * to the relief (how far the surface stands out from its mean depth): a face of the right form recovered twice as
 * deep as it is scores like a wrong one. This rescales the relief about the masked mean depth,
 * d_s = mean + s (d - mean), over a grid of s and reports the s with the lowest SIDE and the scores there.
 * A diagnostic for docs/EVALUATION.md (npm run eval:relief), never part of the method's reported numbers: it
 * uses the ground truth to pick s.
 */
import { scoreDepth } from '../../data/metrics/depthMetrics';
import { evaluationMask } from '../../data/metrics/evaluationMask';
import { VALIDITY_DEPTH } from './methodEval';

export interface ReliefDiagnostic {
  /** The relief factor with the lowest SIDE (1 = as recovered, < 1 = flatter). */
  scale: number;
  side: number;
  mad: number;
  /** SIDE and MAD as recovered (s = 1), on the same mask. */
  sideAsRecovered: number;
  madAsRecovered: number;
}

/** Relief factors tried: 0.05 .. 2 in steps of 0.05. */
export const RELIEF_SCALES = Array.from({ length: 40 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2)));

export function reliefDiagnostic(
  pred: Float32Array,
  gt: Float32Array,
  size: number,
  scales: readonly number[] = RELIEF_SCALES,
): ReliefDiagnostic {
  const validity = Uint8Array.from(pred, (d) => (d < VALIDITY_DEPTH ? 1 : 0));
  const mask = evaluationMask(gt, size, validity);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      sum += pred[i];
      n++;
    }
  if (n === 0) throw new Error('reliefDiagnostic: empty evaluation mask');
  const mean = sum / n;
  // Every valid pixel is rescaled (the normals at the mask's edge see rescaled neighbours); the validity mask is
  // the recovered one, so every s is scored on the same pixels.
  const scored = (s: number) =>
    scoreDepth(
      Float32Array.from(pred, (d, i) => (validity[i] ? mean + s * (d - mean) : d)),
      gt,
      size,
      { validity },
    );
  const asRecovered = scored(1);
  let best = { scale: 1, side: asRecovered.side, mad: asRecovered.mad };
  for (const s of scales) {
    const r = scored(s);
    if (r.side < best.side) best = { scale: s, side: r.side, mad: r.mad };
  }
  return { ...best, sideAsRecovered: asRecovered.side, madAsRecovered: asRecovered.mad };
}
