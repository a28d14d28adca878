/**
 * The runner API the app, the e2e tests and a later CLI use: start(backend, input, model, preset) -> a run with
 * pause / resume / cancel and progress + snapshot subscriptions (runner/run.ts). `model` is the GAN the method
 * works with (its discriminator gives the perceptual loss); without one only the prior fit can run.
 */
import type { Backend } from '../engine/backend';
import type { ModelBundle } from '../gan/bundle';
import { DiscriminatorFeatures } from '../gan/engine/discriminator';
import { GanWeights } from '../gan/engine/weights';
import { MethodRunner } from './method/methodRunner';
import { discriminatorPerceptual, type PerceptualLoss } from './method/perceptual';
import { type Preset, schedule } from './presets/presets';
import type { RunInput } from './runner/input';
import { Run } from './runner/run';
import type { Phase } from './runner/types';

/** A GAN bundle made usable by the method on one backend. */
export interface MethodModel {
  name: string;
  perceptual: PerceptualLoss;
  release(): void;
}

/** Uploads the bundle's discriminator (only `d.*` tensors: the generator runs on ORT) to the backend. */
export function methodModel(backend: Backend, bundle: ModelBundle): MethodModel {
  const weights = GanWeights.load(backend, bundle, { include: (name) => name.startsWith('d.') });
  try {
    const d = new DiscriminatorFeatures(weights, bundle.manifest);
    return {
      name: bundle.name,
      perceptual: discriminatorPerceptual(d, d.size),
      release() {
        d.release();
        weights.release();
      },
    };
  } catch (err) {
    weights.release();
    throw err;
  }
}

/**
 * The phases this build runs, in schedule order: the prior fit, then stage 1's step 1 when a model is given.
 * Steps 2 and 3 and the later stages join when they exist (repeating step 1 alone would not change the result).
 */
export function runnablePhases(preset: Preset, hasModel: boolean): Phase[] {
  return schedule(preset, hasModel ? ['step1'] : []).filter((p) => p.stage <= 1);
}

export interface MethodRun {
  run: Run;
  phases: Phase[];
  runner: MethodRunner;
  /** Cancels the run if it is still going and frees the nets (the model stays the caller's). */
  release(): void;
}

export function start(
  backend: Backend,
  input: RunInput,
  model: MethodModel | null,
  preset: Preset,
  options: { seed?: number } = {},
): MethodRun {
  const runner = new MethodRunner(backend, input, preset, { seed: options.seed, perceptual: model?.perceptual });
  const phases = runnablePhases(preset, model !== null);
  const run = new Run(phases, runner, { snapshotEvery: preset.snapshotEvery });
  let released = false;
  return {
    run,
    phases,
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
