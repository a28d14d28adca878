/**
 * The loss over the run as an SVG plot, one point per progress report that carried losses, one line per phase
 * (every stage's steps, in the step's colour; a phase with a single readback is a dot). The phases' losses differ
 * by orders of magnitude and mean different things, so each step kind is scaled to its own range (log scale).
 * The legend lists every phase of the schedule with the latest value of each of its terms; the collect phase
 * trains nothing and has no loss. data-* attributes expose first/last totals per step kind.
 */
import type { Phase, StepKind } from '../../gan2shape/runner/types';
import { phaseLabel } from '../phaseLabel';
import { type LossPoint, useSession } from '../sessionStore';

const W = 320;
const H = 120;
export const STEP_COLOURS: Record<StepKind, string> = {
  inversion: '#9b6bc4',
  prior: '#8a8f98',
  step1: '#e07b39',
  collect: '#6fa8dc',
  step2: '#3b82c4',
  step3: '#3aa36b',
};

/** Steps that report no loss (they train nothing), with what they do instead. */
const NO_LOSS: Partial<Record<StepKind, string>> = {
  collect: 'no loss: projects pseudo samples for step 3',
};

/** Runs of consecutive points of the same phase (a stage's step 1 and the next stage's are separate lines). */
export function segments(losses: LossPoint[]): LossPoint[][] {
  const out: LossPoint[][] = [];
  for (const point of losses) {
    const last = out.at(-1);
    if (last && last[0].step === point.step && last[0].stage === point.stage) last.push(point);
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
  return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(2) : value.toFixed(4);
}

/** The latest readback of each phase, keyed `stage-step`. */
function latestByPhase(losses: LossPoint[]): Map<string, LossPoint> {
  const latest = new Map<string, LossPoint>();
  for (const p of losses) latest.set(`${p.stage}-${p.step}`, p);
  return latest;
}

function LegendTerms({ phase, point }: { phase: Phase; point: LossPoint | undefined }) {
  const noLoss = NO_LOSS[phase.step];
  if (noLoss) return <span className="muted">{noLoss}</span>;
  if (!point) return <span className="muted">—</span>;
  const terms = Object.entries(point.terms).filter(([name]) => name !== 'total');
  return (
    <span>
      total {formatTerm(point.total)}
      {terms.length > 0 && ` = ${terms.map(([name, v]) => `${name} ${formatTerm(v)}`).join(', ')}`}
    </span>
  );
}

export function LossPlot({ phases }: { phases: Phase[] }) {
  const losses = useSession((s) => s.losses);
  const run = useSession((s) => s.run);
  if (losses.length < 1) return null;
  const schedule = run?.phases ?? phases;
  const logOf = (p: LossPoint) => Math.log10(Math.max(p.total, 1e-8));
  const ranges = stepRanges(losses.map((p) => [p.step, logOf(p)] as const));
  const xOf = (p: LossPoint) => (losses.length > 1 ? (p.x / (losses.length - 1)) * (W - 8) + 4 : W / 2);
  const yOf = (p: LossPoint) => {
    const { lo, hi } = ranges.get(p.step) as { lo: number; hi: number };
    if (hi - lo < 1e-9) return H / 2;
    return H - ((logOf(p) - lo) / (hi - lo)) * (H - 8) - 4;
  };
  const last = losses[losses.length - 1];
  const latest = latestByPhase(losses);
  return (
    <figure
      className="card loss-plot"
      data-testid="loss-plot"
      data-first={losses[0].total}
      data-last={last.total}
      {...perStepAttributes(losses)}
    >
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="Loss over iterations">
        {segments(losses).map((points) =>
          points.length === 1 ? (
            <circle
              key={points[0].x}
              cx={xOf(points[0])}
              cy={yOf(points[0])}
              r="2.5"
              fill={STEP_COLOURS[points[0].step]}
              data-phase={`${points[0].stage}-${points[0].step}`}
            />
          ) : (
            <polyline
              key={points[0].x}
              points={points.map((p) => `${xOf(p)},${yOf(p)}`).join(' ')}
              fill="none"
              stroke={STEP_COLOURS[points[0].step]}
              strokeWidth="1.5"
              data-phase={`${points[0].stage}-${points[0].step}`}
            />
          ),
        )}
      </svg>
      <figcaption>
        loss {last.total.toFixed(4)} ({last.label}); each step on its own log scale
        <ul className="loss-legend" data-testid="loss-legend">
          {schedule.map((phase) => {
            const key = `${phase.stage}-${phase.step}`;
            return (
              <li key={key} data-phase={key}>
                <span className="loss-swatch" style={{ background: STEP_COLOURS[phase.step] }} />
                <span>{phaseLabel(phase.stage, phase.step)}</span>
                <LegendTerms phase={phase} point={latest.get(key)} />
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
