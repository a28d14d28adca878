/** Preset choice and start / pause / resume / cancel of a run on the engine's device. */
import { useEffect, useRef } from 'react';
import type { EngineDevice } from '../../engine/device';
import { MethodRunner } from '../../gan2shape/method/methodRunner';
import { PRESETS, type PresetName, schedule } from '../../gan2shape/presets/presets';
import type { RunInput } from '../../gan2shape/runner/input';
import { Run } from '../../gan2shape/runner/run';
import type { Phase } from '../../gan2shape/runner/types';
import { backendFor } from '../engineBackend';
import { perceptualFor, useModel } from '../modelStore';
import { useSession } from '../sessionStore';

/**
 * The phases the method runner implements in this build, in schedule order: the prior fit, then stage 1's step 1
 * when a GAN model is loaded (its discriminator is the perceptual loss). Steps 2 and 3 and the later stages join
 * when they exist; repeating step 1 alone would not change the result.
 */
export function phasesFor(preset: PresetName, hasModel: boolean): Phase[] {
  return schedule(PRESETS[preset], hasModel ? ['step1'] : []).filter((p) => p.stage <= 1);
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
  const runner = useRef<MethodRunner | null>(null);

  useEffect(() => () => runner.current?.release(), []);

  const start = () => {
    if (!input) return;
    run?.cancel();
    runner.current?.release();
    const chosen = PRESETS[preset];
    const backend = backendFor(engine);
    try {
      const perceptual = model.kind === 'ready' ? perceptualFor(backend, model.bundle) : null;
      runner.current = new MethodRunner(backend, input, chosen, { perceptual });
      attachRun(
        new Run(phasesFor(preset, perceptual !== null), runner.current, { snapshotEvery: chosen.snapshotEvery }),
      );
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
