/**
 * A run's snapshot against a bundled sample's ground truth, for the page's live readout (SIDE / MAD as the run
 * goes) and its comparison maps. The scores are eval:method's own: the depth rendered in the input's view
 * (reconDepth) goes through scoreReconDepth, so the last snapshot of a run reads exactly what eval:method would
 * print for it. Snapshots before any view is predicted (the inversion's, the prior fit's, the page's prior before a
 * run) carry only the canonical depth: it is scored as it stands, as the ellipsoid baseline rows of the table are
 * (no validity mask). Either is bilinearly resampled to the ground truth's size first.
 */
import { type DepthDifference, depthDifference, sharedDepthRange } from '../../data/metrics/depthDifference';
import { scoreDepth } from '../../data/metrics/depthMetrics';
import { evaluationMask } from '../../data/metrics/evaluationMask';
import type { GroundTruthDepth } from '../../data/synth/groundTruthPng';
import type { Snapshot } from '../runner/types';
import { resampleSquare, scoreReconDepth, validityMask } from './methodEval';

/** Which of the snapshot's depths was scored. */
export type ScoredDepth = 'input-view' | 'canonical';

export interface GroundTruthComparison {
  ok: true;
  scored: ScoredDepth;
  /** Scale-invariant depth error (not x 100). */
  side: number;
  /** Mean angle deviation of the normals, degrees (the reference epsilon, as docs/EVALUATION.md's table). */
  mad: number;
  /** Pixels in the evaluation mask. */
  pixels: number;
  /** The ground truth's size: every map below is size x size. */
  size: number;
  /** The scored depth at the ground truth's size. */
  pred: Float32Array;
  /** The evaluation mask the scores were taken on. */
  mask: Uint8Array;
  /** pred - gt on the mask, mean offset removed. */
  difference: DepthDifference;
  /** One depth range for the recovered and the ground-truth maps (over the mask). */
  range: { lo: number; hi: number };
}

export interface NoComparison {
  ok: false;
  /** Why the snapshot could not be scored (e.g. a non-positive depth, an empty evaluation mask). */
  reason: string;
}

export function compareWithGroundTruth(
  snapshot: Pick<Snapshot, 'size' | 'depth' | 'reconDepth'>,
  truth: GroundTruthDepth,
): GroundTruthComparison | NoComparison {
  const scored: ScoredDepth = snapshot.reconDepth ? 'input-view' : 'canonical';
  const source = snapshot.reconDepth ?? snapshot.depth;
  const pred =
    snapshot.size === truth.size ? Float32Array.from(source) : resampleSquare(source, snapshot.size, truth.size);
  const validity = scored === 'input-view' ? validityMask(pred) : undefined;
  let side: number;
  let mad: number;
  let pixels: number;
  try {
    ({ side, mad, pixels } =
      scored === 'input-view'
        ? scoreReconDepth(snapshot.reconDepth!, snapshot.size, truth.depth, truth.size)
        : scoreDepth(pred, truth.depth, truth.size));
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  const mask = evaluationMask(truth.depth, truth.size, validity);
  const range = sharedDepthRange(pred, truth.depth, mask);
  if (!range) return { ok: false, reason: 'the evaluation mask is empty' };
  return {
    ok: true,
    scored,
    side,
    mad,
    pixels,
    size: truth.size,
    pred,
    mask,
    difference: depthDifference(pred, truth.depth, mask),
    range,
  };
}
