/** Preset choice and start / pause / resume / cancel of a run on the engine's device. */
import { useEffect, useRef } from 'react';
import type { EngineDevice } from '../../engine/device';
import { parseFault } from '../../gan2shape/method/faultInjection';
import { PRESETS, type PresetName } from '../../gan2shape/presets/presets';
import type { RunInput } from '../../gan2shape/runner/input';
import type { Phase } from '../../gan2shape/runner/types';
import { type MethodRun, runnablePhases, start as startMethod } from '../../gan2shape/start';
import { useArchive } from '../archiveStore';
import { backendFor } from '../engineBackend';
import { methodModelFor, useModel } from '../modelStore';
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
  const attachRun = useSession((s) => s.attachRun);
  const failStart = useSession((s) => s.failStart);
  const model = useModel((s) => s.status);
  const current = useRef<MethodRun | null>(null);

  useEffect(() => () => current.current?.release(), []);

  const start = () => {
    if (!input) return;
    run?.cancel();
    current.current?.release();
    current.current = null;
    const backend = backendFor(engine);
    try {
      const methodModel = model.kind === 'ready' ? methodModelFor(backend, model.bundle, model.encoder) : null;
      // `?fault=step:iteration` in the address makes the run blow up on purpose (the e2e fault tests).
      const fault = parseFault(new URLSearchParams(window.location.search).get('fault'));
      current.current = startMethod(backend, input, methodModel, PRESETS[preset], { fault });
      attachRun(current.current.run);
      // Kept in this browser as it goes (Past runs); storage problems never stop the run.
      void useArchive.getState().record(current.current.run, input, {
        model: model.kind === 'ready' ? model.name : 'no model',
        preset,
        source: useSession.getState().source?.name ?? 'image',
      });
    } catch (err) {
      failStart(err instanceof Error ? err.message : String(err));
    }
  };
  const active = runState === 'running' || runState === 'paused';
  const modelLoading = model.kind === 'loading' || model.kind === 'idle';
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
          The run stopped: {runError}. What was computed so far is kept.
        </p>
      )}
    </section>
  );
}
