/**
 * The runner API the app, the e2e tests and the CLI use: start(backend, input, model, preset) -> a run with
 * pause / resume / cancel and progress + snapshot subscriptions (runner/run.ts). `model` is the GAN the method
 * works with (generator and discriminator on the engine); without one only the prior fit can run.
 */
import type { Backend } from '../engine/backend';
import type { ModelBundle } from '../gan/bundle';
import { MethodGan } from './gan/methodGan';
import type { PretrainedEncoder } from './gan/pretrainedEncoder';
import { checkpointPhases, type MethodCheckpoint, validateCheckpoint } from './method/checkpoint';
import type { InjectedFault } from './method/faultInjection';
import { MethodRunner } from './method/methodRunner';
import { type Preset, type ResolvedPreset, resolvePreset, schedule } from './presets/presets';
import type { RunInput } from './runner/input';
import { Run } from './runner/run';
import type { Phase } from './runner/types';

/** A GAN bundle made usable by the method on one backend. */
export interface MethodModel {
  name: string;
  /** The GAN's resolution: the method runs at it unless a preset fixes another size. */
  size: number;
  gan: MethodGan;
  release(): void;
}

/** Uploads the bundle's generator and discriminator to the backend (with the model's pretrained E, if any). */
export function methodModel(
  backend: Backend,
  bundle: ModelBundle,
  encoder: PretrainedEncoder | null = null,
): MethodModel {
  const gan = new MethodGan(backend, bundle, encoder);
  return { name: bundle.name, size: gan.size, gan, release: () => gan.release() };
}

/** The image size a preset runs at with a model of this resolution (null: no model). */
export function methodImageSize(preset: Preset, modelSize: number | null): number {
  return resolvePreset(preset, modelSize).imageSize;
}

/**
 * The phases a run goes through: without a model the prior fit only; with one the inversion (unless the input
 * carries its w), the prior fit and every step of every stage.
 */
export function runnablePhases(preset: Preset, hasModel: boolean, inputHasLatent = false): Phase[] {
  if (!hasModel) return schedule(preset, { steps: [] });
  return schedule(preset, { inversion: !inputHasLatent });
}

export interface MethodRun {
  run: Run;
  phases: Phase[];
  preset: ResolvedPreset;
  runner: MethodRunner;
  /** Cancels the run if it is still going and frees the nets (the model stays the caller's). */
  release(): void;
}

export interface StartOptions {
  seed?: number;
  fault?: InjectedFault | null;
  /** Go on from this checkpoint (taken by a run of the same input, preset, model and seed) instead of the start. */
  resume?: MethodCheckpoint | null;
  /**
   * Receives a checkpoint after the prior fit and at the end of every stage but the last (checkpoint.ts); the run
   * waits for it. It should keep its own failures (storage full) from stopping the run: a throw fails the run.
   */
  onCheckpoint?: (checkpoint: MethodCheckpoint) => Promise<void> | void;
}

export function start(
  backend: Backend,
  input: RunInput,
  model: MethodModel | null,
  preset: Preset,
  options: StartOptions = {},
): MethodRun {
  const resolved = resolvePreset(preset, model?.size ?? null);
  const phases = runnablePhases(preset, model !== null, input.latent !== undefined);
  if (options.resume) validateCheckpoint(options.resume, phases);
  const runner = new MethodRunner(backend, input, resolved, {
    seed: options.seed,
    gan: model?.gan,
    fault: options.fault,
  });
  if (options.resume) {
    try {
      // The first phase awaits the latent's upload; a checkpoint that does not fit throws here, before any run.
      runner.restore(options.resume).catch(() => undefined);
    } catch (err) {
      runner.release();
      throw err;
    }
  }
  const keep = options.onCheckpoint;
  const boundaries = checkpointPhases(phases);
  const run = new Run(phases, runner, {
    snapshotEvery: preset.snapshotEvery,
    firstPhase: options.resume?.nextPhase ?? 0,
    afterPhase: keep
      ? async (index, phase) => {
          if (boundaries.has(index)) await keep(await runner.checkpoint(index + 1, phase.stage));
        }
      : undefined,
  });
  let released = false;
  return {
    run,
    phases,
    preset: resolved,
    runner,
    release() {
      if (released) return;
      released = true;
      run.cancel();
      // A cancelled run stops between iterations: free the nets once it has.
      void run.finished.then(() => runner.release());
    },
  };
}
