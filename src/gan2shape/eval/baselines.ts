/**
 * The reference rows of the synthetic-face table (docs/EVALUATION.md): constant null depth, the average
 * ground-truth depth of the images scored, and GAN2Shape's ellipsoid depth prior built from the object mask.
 * The ellipsoid is the method's own code (src/gan2shape/prior), so the table scores exactly the shape every
 * reconstruction starts from; that is why these rows live here and not in src/data (which never imports the
 * method).
 */
import { averageDepth, constantDepth } from '../../data/metrics/baselineDepths';
import { type GroundTruthSet, scoreRow, type TableRow } from '../../data/metrics/evaluateDataset';
import type { DepthMap } from '../../data/metrics/normalsFromDepth';
import { ellipsoidPrior, type PriorCategory } from '../prior/ellipsoid';

/** GAN2Shape's ellipsoid prior (the method's own implementation) from a 0/255 object mask. */
export function ellipsoidFromMask(mask: Uint8Array, size: number, category: PriorCategory = 'synface'): Float32Array {
  return ellipsoidPrior(
    Float32Array.from(mask, (m) => m / 255),
    size,
    { category },
  );
}

/** A baseline: a stable key (JSON field), its table name, and its depth for image i of a set. */
export interface Baseline {
  key: 'null_depth' | 'average_gt' | 'ellipsoid';
  name: string;
  predict: (i: number) => DepthMap;
}

/** The three baselines a reconstruction must beat, on the images of `gt` (the average is over those images). */
export function baselines(gt: GroundTruthSet): Baseline[] {
  const constant = constantDepth(gt.size, 1);
  const average = averageDepth(gt.depth, gt.size);
  return [
    { key: 'null_depth', name: 'Constant null depth', predict: () => constant },
    { key: 'average_gt', name: 'Average ground-truth depth', predict: () => average },
    {
      key: 'ellipsoid',
      name: 'Ellipsoid prior from the GT mask (synface)',
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
