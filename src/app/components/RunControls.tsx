/** Preset choice and start / pause / resume / cancel of a run on the engine's device. */
import { useEffect, useRef } from 'react';
import type { EngineDevice } from '../../engine/device';
import { MethodRunner } from '../../gan2shape/method/methodRunner';
import { PRESETS, type PresetName } from '../../gan2shape/presets/presets';
import type { RunInput } from '../../gan2shape/runner/input';
import { Run } from '../../gan2shape/runner/run';
import type { Phase } from '../../gan2shape/runner/types';
import { backendFor } from '../engineBackend';
import { useSession } from '../sessionStore';

/** The phases the method runner implements in this build, in schedule order. */
export function phasesFor(preset: PresetName): Phase[] {
  return [{ stage: 0, step: 'prior', iterations: PRESETS[preset].priorIterations }];
}

export function RunControls({ engine, input }: { engine: EngineDevice; input: RunInput | null }) {
  const preset = useSession((s) => s.preset);
  const setPreset = useSession((s) => s.setPreset);
  const run = useSession((s) => s.run);
  const runState = useSession((s) => s.runState);
  const runError = useSession((s) => s.runError);
  const attachRun = useSession((s) => s.attachRun);
  const runner = useRef<MethodRunner | null>(null);

  useEffect(() => () => runner.current?.release(), []);

  const start = () => {
    if (!input) return;
    run?.cancel();
    runner.current?.release();
    const chosen = PRESETS[preset];
    runner.current = new MethodRunner(backendFor(engine), input, chosen);
    attachRun(new Run(phasesFor(preset), runner.current, { snapshotEvery: chosen.snapshotEvery }));
  };
  const active = runState === 'running' || runState === 'paused';
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
      <button type="button" data-testid="start" disabled={!input || active} onClick={start}>
        {runState === 'idle' ? 'Start' : 'Restart'}
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
