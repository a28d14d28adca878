/**
 * How deep should the ellipsoid prior be for a dataset? GAN2Shape's bump rises 0.11 depth units (apex 0.91, rim
 * 1.02) for every category, but SIDE and MAD punish a wrong relief, and this project's synthetic faces stand out
 * only ~0.03 from their rim at depth 1 (a 10 degree camera, a face ~0.11 units wide). This sweeps the apex depth
 * over a grid on a ground-truth set and scores each prior as the baseline rows are scored. The synface category's
 * apex (PRIOR_NEAR in src/gan2shape/prior/ellipsoid.ts) was picked this way on the **training** split, never on
 * the test images the method is reported on (npm run calibrate:prior).
 */
import { type GroundTruthSet, scoreRow } from '../../data/metrics/evaluateDataset';
import { ellipsoidPrior, type PriorCategory } from '../prior/ellipsoid';

export interface PriorCalibrationRow {
  near: number;
  /** SIDE and MAD means over the set. */
  side: number;
  mad: number;
}

export interface PriorCalibration {
  rows: PriorCalibrationRow[];
  /** The apex depth with the lowest mean MAD (the form a viewer sees; SIDE is flat around it). */
  best: PriorCalibrationRow;
}

/** Apex depths tried: 0.90 .. 1.015 in steps of 0.005 (the rim is at 1.02). */
export const NEAR_GRID = Array.from({ length: 24 }, (_, i) => Number((0.9 + i * 0.005).toFixed(3)));

export function calibratePrior(
  gt: GroundTruthSet,
  category: PriorCategory,
  grid: readonly number[] = NEAR_GRID,
): PriorCalibration {
  if (grid.length === 0) throw new Error('calibratePrior: empty grid');
  const rows = grid.map((near) => {
    const row = scoreRow(`near ${near}`, gt, (i) =>
      ellipsoidPrior(
        Float32Array.from(gt.mask[i], (m) => m / 255),
        gt.size,
        { category, near },
      ),
    );
    return { near, side: row.side.mean, mad: row.mad.mean };
  });
  const best = rows.reduce((a, b) => (b.mad < a.mad ? b : a));
  return { rows, best };
}
