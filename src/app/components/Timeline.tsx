/** Stage/step timeline: one bar per phase of the schedule, the current one filling up, with the ETA. */
import { type Phase, STEP_LABELS } from '../../gan2shape/runner/types';
import { useSession } from '../sessionStore';

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function Timeline({ phases }: { phases: Phase[] }) {
  const progress = useSession((s) => s.progress);
  const runState = useSession((s) => s.runState);
  const current = progress?.phaseIndex ?? -1;
  return (
    <section className="card timeline" data-testid="timeline" data-state={runState}>
      <h2>
        Progress{' '}
        <span className="muted">
          {runState}
          {progress && ` · ${formatSeconds(progress.elapsedSeconds)} elapsed`}
          {progress?.etaSeconds != null &&
            runState === 'running' &&
            ` · about ${formatSeconds(progress.etaSeconds)} left`}
        </span>
      </h2>
      <ol className="phases">
        {phases.map((phase, i) => {
          const fraction =
            i < current || runState === 'done'
              ? 1
              : i === current && progress
                ? progress.iteration / progress.iterations
                : 0;
          return (
            <li key={`${phase.stage}-${phase.step}`} className={i === current ? 'current' : ''}>
              <span className="phase-label">
                {phase.stage > 0 ? `Stage ${phase.stage} · ` : ''}
                {STEP_LABELS[phase.step]}
              </span>
              <progress max={1} value={fraction} />
              <span className="phase-count muted">
                {i === current && progress ? progress.iteration : Math.round(fraction * phase.iterations)}/
                {phase.iterations}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
