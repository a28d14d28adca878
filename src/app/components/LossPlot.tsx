/**
 * The loss over the run as an SVG plot, one point per progress report that carried losses, one line per step in
 * its own colour. The prior's MSE and step 1's reconstruction loss differ by orders of magnitude and mean
 * different things, so each step's line is scaled to its own range (log scale); the caption lists the latest
 * step's terms. data-* attributes expose first/last totals per step.
 */
import type { StepKind } from '../../gan2shape/runner/types';
import { type LossPoint, useSession } from '../sessionStore';

const W = 320;
const H = 120;
const STEP_COLOURS: Record<StepKind, string> = {
  inversion: '#9b6bc4',
  prior: '#8a8f98',
  step1: '#e07b39',
  collect: '#6fa8dc',
  step2: '#3b82c4',
  step3: '#3aa36b',
};

/** Runs of consecutive points of the same step (a stage's step 1 and the next stage's are separate lines). */
function segments(losses: LossPoint[]): LossPoint[][] {
  const out: LossPoint[][] = [];
  for (const point of losses) {
    const last = out.at(-1);
    if (last && last[0].step === point.step) last.push(point);
    else out.push([point]);
  }
  return out;
}

function perStepAttributes(losses: LossPoint[]): Record<string, number> {
  const attrs: Record<string, number> = {};
  for (const point of losses) {
    attrs[`data-${point.step}-first`] ??= point.total;
    attrs[`data-${point.step}-last`] = point.total;
  }
  return attrs;
}

/** Min and max of the log losses of each step. */
function stepRanges(values: (readonly [StepKind, number])[]): Map<StepKind, { lo: number; hi: number }> {
  const ranges = new Map<StepKind, { lo: number; hi: number }>();
  for (const [step, v] of values) {
    const r = ranges.get(step);
    ranges.set(step, r ? { lo: Math.min(r.lo, v), hi: Math.max(r.hi, v) } : { lo: v, hi: v });
  }
  return ranges;
}

function formatTerm(value: number): string {
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(4);
}

export function LossPlot() {
  const losses = useSession((s) => s.losses);
  if (losses.length < 2) return null;
  const logOf = (p: LossPoint) => Math.log10(Math.max(p.total, 1e-8));
  const ranges = stepRanges(losses.map((p) => [p.step, logOf(p)] as const));
  const xOf = (p: LossPoint) => (p.x / (losses.length - 1)) * W;
  const yOf = (p: LossPoint) => {
    const { lo, hi } = ranges.get(p.step) as { lo: number; hi: number };
    const span = hi - lo > 1e-9 ? hi - lo : 1;
    return H - ((logOf(p) - lo) / span) * (H - 8) - 4;
  };
  const last = losses[losses.length - 1];
  const lastRange = ranges.get(last.step) as { lo: number; hi: number };
  const terms = Object.entries(last.terms).filter(([name]) => name !== 'total');
  return (
    <figure
      className="card loss-plot"
      data-testid="loss-plot"
      data-first={losses[0].total}
      data-last={last.total}
      {...perStepAttributes(losses)}
    >
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="Loss over iterations">
        {segments(losses).map((points) => (
          <polyline
            key={points[0].x}
            points={points.map((p) => `${xOf(p)},${yOf(p)}`).join(' ')}
            fill="none"
            stroke={STEP_COLOURS[points[0].step]}
            strokeWidth="1.5"
          />
        ))}
      </svg>
      <figcaption>
        loss {last.total.toFixed(4)} ({last.label})
        {terms.length > 0 && ` = ${terms.map(([name, v]) => `${name} ${formatTerm(v)}`).join(', ')}`}; each step on its
        own log scale ({last.step}: {formatTerm(10 ** lastRange.lo)}…{formatTerm(10 ** lastRange.hi)})
      </figcaption>
    </figure>
  );
}
