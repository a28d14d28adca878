/** Preset choice and start / pause / resume / cancel of a run on the engine's device; a stopped run's resume offer. */
import { useEffect, useState } from 'react';
import type { EngineDevice } from '../../engine/device';
import { PRESETS, type PresetName } from '../../gan2shape/presets/presets';
import type { RunInput } from '../../gan2shape/runner/input';
import type { Phase } from '../../gan2shape/runner/types';
import { runnablePhases } from '../../gan2shape/start';
import { useArchive } from '../archiveStore';
import { useModel } from '../modelStore';
import { releaseRun, resumeLabel, resumeStoredRun, startRun } from '../runLauncher';
import { useSession } from '../sessionStore';

/** The phases a run of this preset goes through: the prior fit only without a model, else every phase of every stage. */
export function phasesFor(preset: PresetName, hasModel: boolean): Phase[] {
  return runnablePhases(PRESETS[preset], hasModel);
}

export function RunControls({ engine, input }: { engine: EngineDevice; input: RunInput | null }) {
  const preset = useSession((s) => s.preset);
  const setPreset = useSession((s) => s.setPreset);
  const run = useSession((s) => s.run);
  const runState = useSession((s) => s.runState);
  const runError = useSession((s) => s.runError);
  const failStart = useSession((s) => s.failStart);
  const model = useModel((s) => s.status);
  // The stored run behind the one on the page, when it stopped with a checkpoint (also after a lost device).
  const stored = useArchive((s) => s.runs.find((r) => r.id === s.current && r.id !== s.recording) ?? null);
  const [resumeProblem, setResumeProblem] = useState<string | null>(null);

  // The Workspace goes away with its device (a lost GPU): the run goes with it.
  useEffect(() => () => releaseRun(), []);

  const start = () => {
    if (!input) return;
    setResumeProblem(null);
    try {
      startRun(engine, input, preset);
    } catch (err) {
      failStart(err instanceof Error ? err.message : String(err));
    }
  };
  const resume = async () => {
    if (!stored) return;
    setResumeProblem(null);
    try {
      await resumeStoredRun(engine, stored);
    } catch (err) {
      setResumeProblem(err instanceof Error ? err.message : String(err));
    }
  };
  const active = runState === 'running' || runState === 'paused';
  const modelLoading = model.kind === 'loading' || model.kind === 'idle';
  const resumable = (runState === 'failed' || runState === 'cancelled') && stored?.resumable ? stored.resumable : null;
  return (
    <section className="card run-controls" data-testid="run-controls">
      <label>
        Preset{' '}
        <select
          value={preset}
          disabled={active}
          data-testid="preset"
          onChange={(e) => setPreset(e.target.value as PresetName)}
        >
          {Object.values(PRESETS).map((p) => (
            <option key={p.name} value={p.name} title={p.description}>
              {p.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" data-testid="start" disabled={!input || active || modelLoading} onClick={start}>
        {modelLoading ? 'Loading model…' : runState === 'idle' ? 'Start' : 'Restart'}
      </button>{' '}
      {resumable && (
        <button type="button" data-testid="resume-stored" disabled={modelLoading} onClick={() => void resume()}>
          {resumeLabel(resumable)}
        </button>
      )}{' '}
      {runState === 'running' && (
        <button type="button" data-testid="pause" onClick={() => run?.pause()}>
          Pause
        </button>
      )}
      {runState === 'paused' && (
        <button type="button" data-testid="resume" onClick={() => run?.resume()}>
          Resume
        </button>
      )}{' '}
      {active && (
        <button type="button" data-testid="cancel" onClick={() => run?.cancel()}>
          Cancel
        </button>
      )}
      <p className="muted">{PRESETS[preset].description}</p>
      {runError && (
        <p className="error" role="alert" data-testid="run-error">
          The run stopped: {runError}. What was computed so far is kept
          {resumable ? '; its last checkpoint is stored, so it can go on from there' : ''}.
        </p>
      )}
      {resumeProblem && (
        <p className="error" role="alert" data-testid="resume-problem">
          {resumeProblem}
        </p>
      )}
    </section>
  );
}
