/**
 * A bundled synthetic sample's ground truth beside what the run recovers: the GT depth and the recovered depth
 * (the latest snapshot's depth in the input view, at the GT's size) in one colour range, their difference on the
 * evaluation mask, and SIDE / MAD re-scored at every snapshot with eval:method's own code
 * (gan2shape/eval/snapshotScore.ts), so the number at the end of a run is the one eval:method prints.
 * Shown only for an image that carries ground truth (a synthetic sample, or a stored run made from one).
 */
import { useMemo } from 'react';
import { compareWithGroundTruth } from '../../gan2shape/eval/snapshotScore';
import { depthToRgbaInRange, divergingToRgba } from '../maps/colormap';
import { phaseLabel } from '../phaseLabel';
import { useSession } from '../sessionStore';
import { MapCanvas } from './MapCanvas';

export function GroundTruthPanel() {
  const truth = useSession((s) => s.truth);
  const snapshot = useSession((s) => s.snapshot);
  const snapshotCount = useSession((s) => s.snapshotCount);
  const comparison = useMemo(
    () => (truth && snapshot ? compareWithGroundTruth(snapshot, truth.depth) : null),
    [truth, snapshot],
  );
  const maps = useMemo(() => {
    if (!truth || !comparison?.ok) return null;
    const { size, range, mask, pred, difference } = comparison;
    return {
      gt: depthToRgbaInRange(truth.depth.depth, size, range.lo, range.hi, mask),
      pred: depthToRgbaInRange(pred, size, range.lo, range.hi, mask),
      difference: divergingToRgba(difference.values, size, difference.maxAbs),
    };
  }, [truth, comparison]);
  if (!truth) return null;

  const scored = comparison?.ok ? comparison : null;
  const where = snapshot
    ? snapshot.iteration > 0
      ? `${phaseLabel(snapshot.stage, snapshot.step)}, iteration ${snapshot.iteration}`
      : 'the ellipsoid prior the run starts from'
    : '';
  return (
    <section className="card ground-truth" data-testid="ground-truth-panel">
      <h2>Ground truth: {truth.title}</h2>
      {scored ? (
        <p
          className="gt-scores"
          data-testid="gt-scores"
          data-side={scored.side * 100}
          data-mad={scored.mad}
          data-scored={scored.scored}
          data-snapshots={snapshotCount}
          data-step={snapshot?.step ?? ''}
          data-iteration={snapshot?.iteration ?? 0}
        >
          SIDE <strong>{(scored.side * 100).toFixed(3)}</strong> ×10⁻² · MAD <strong>{scored.mad.toFixed(2)}°</strong>{' '}
          <span className="muted">
            on {scored.pixels} px, of the{' '}
            {scored.scored === 'input-view' ? 'depth in the input view' : 'canonical depth'} ({where})
          </span>
        </p>
      ) : (
        <p className="muted" data-testid="gt-scores-missing">
          {comparison && !comparison.ok ? `Not scored: ${comparison.reason}.` : 'Scored once there is a depth.'}
        </p>
      )}
      <div className="maps" data-testid="gt-maps">
        <MapCanvas title="Ground-truth depth" testId="gt-depth" image={maps?.gt ?? null} />
        <MapCanvas
          title={scored?.scored === 'canonical' ? 'Recovered depth (canonical)' : 'Recovered depth (input view)'}
          testId="gt-recovered"
          image={maps?.pred ?? null}
        />
        <MapCanvas
          title={
            scored ? (
              <>
                Recovered − GT, ±{(scored.difference.maxAbs * 100).toFixed(2)}×10⁻² (mean{' '}
                {(scored.difference.offset * 100).toFixed(2)}×10⁻² removed)
              </>
            ) : (
              'Recovered − GT'
            )
          }
          testId="gt-difference"
          image={maps?.difference ?? null}
        />
      </div>
      <p className="muted">
        One colour range ({scored ? `${scored.range.lo.toFixed(3)}–${scored.range.hi.toFixed(3)}` : '…'}, near is
        bright) for both depths, dimmed outside the evaluation mask. Difference: red where the recovered surface is
        farther than the ground truth, blue where nearer; its mean is removed because SIDE ignores a global scale; grey
        is not scored.
      </p>
    </section>
  );
}
