/**
 * The reference rows of the synthetic-face table (docs/EVALUATION.md): constant null depth, the average
 * ground-truth depth of the images scored, GAN2Shape's ellipsoid depth prior built from the object mask (its
 * relief of 0.11), and the same ellipsoid at the synface relief calibrated on the training split, which is the shape
 * every reconstruction starts from (src/gan2shape/prior). The ellipsoid is the method's own code, so the table
 * scores exactly those shapes; that is why these rows live here and not in src/data (which never imports the
 * method).
 */
import { averageDepth, constantDepth } from '../../data/metrics/baselineDepths';
import { type GroundTruthSet, scoreRow, type TableRow } from '../../data/metrics/evaluateDataset';
import type { DepthMap } from '../../data/metrics/normalsFromDepth';
import { ellipsoidPrior, GAN2SHAPE_NEAR, type PriorCategory } from '../prior/ellipsoid';

/**
 * The ellipsoid prior (the method's own implementation) from a 0/255 object mask, at the category's apex depth
 * (the method's start) or at the one given.
 */
export function ellipsoidFromMask(
  mask: Uint8Array,
  size: number,
  category: PriorCategory = 'synface',
  near?: number,
): Float32Array {
  return ellipsoidPrior(
    Float32Array.from(mask, (m) => m / 255),
    size,
    { category, near },
  );
}

/** A baseline: a stable key (JSON field), its table name, and its depth for image i of a set. */
export interface Baseline {
  key: 'null_depth' | 'average_gt' | 'ellipsoid' | 'ellipsoid_calibrated';
  name: string;
  predict: (i: number) => DepthMap;
}

/** The four baselines a reconstruction must beat, on the images of `gt` (the average is over those images). */
export function baselines(gt: GroundTruthSet): Baseline[] {
  const constant = constantDepth(gt.size, 1);
  const average = averageDepth(gt.depth, gt.size);
  return [
    { key: 'null_depth', name: 'Constant null depth', predict: () => constant },
    { key: 'average_gt', name: 'Average ground-truth depth', predict: () => average },
    {
      key: 'ellipsoid',
      name: "Ellipsoid prior from the GT mask, GAN2Shape's relief 0.11",
      predict: (i) => ellipsoidFromMask(gt.mask[i], gt.size, 'synface', GAN2SHAPE_NEAR),
    },
    {
      key: 'ellipsoid_calibrated',
      name: "Ellipsoid prior from the GT mask, synface relief (the method's start)",
      predict: (i) => ellipsoidFromMask(gt.mask[i], gt.size, 'synface'),
    },
  ];
}

/** The table's reference rows: the metric floor (the ground truth itself) and the three baselines. */
export function baselineRows(gt: GroundTruthSet): TableRow[] {
  return [
    scoreRow('Ground truth itself (metric floor)', gt, (i) => gt.depth[i]),
    ...baselines(gt).map((b) => scoreRow(b.name, gt, b.predict)),
  ];
}
