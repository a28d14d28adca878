/**
 * Stage/step timeline: one bar per phase of the schedule (the attached run's, else the one a run of the chosen
 * preset would go through), the current one filling up, with the elapsed time and the ETA.
 */
import type { Phase } from '../../gan2shape/runner/types';
import { phaseLabel } from '../phaseLabel';
import { useSession } from '../sessionStore';

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function Timeline({ phases: planned }: { phases: Phase[] }) {
  const run = useSession((s) => s.run);
  const progress = useSession((s) => s.progress);
  const runState = useSession((s) => s.runState);
  const firstPhase = useSession((s) => s.firstPhase);
  const phases = run?.phases ?? planned;
  const current = progress?.phaseIndex ?? -1;
  // A resumed run starts past the phases its checkpoint covers: they show as done.
  const doneBefore = Math.max(current, firstPhase);
  return (
    <section className="card timeline" data-testid="timeline" data-state={runState} data-phases={phases.length}>
      <h2>
        Progress{' '}
        <span className="muted" data-testid="timeline-status">
          {runState}
          {progress && ` · ${formatSeconds(progress.elapsedSeconds)} elapsed`}
          {runState === 'running' &&
            progress &&
            (progress.etaSeconds != null
              ? ` · about ${formatSeconds(progress.etaSeconds)} left`
              : ' · ETA once every kind of step has run')}
        </span>
      </h2>
      <ol className="phases">
        {phases.map((phase, i) => {
          const fraction =
            i < doneBefore || runState === 'done'
              ? 1
              : i === current && progress
                ? progress.iteration / progress.iterations
                : 0;
          return (
            <li
              key={`${phase.stage}-${phase.step}`}
              className={i === current ? 'current' : ''}
              data-step={phase.step}
              data-stage={phase.stage}
            >
              <span className="phase-label" data-testid="phase-label">
                {phaseLabel(phase.stage, phase.step)}
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
