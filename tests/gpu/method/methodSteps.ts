/**
 * A method runner on the golden tiny bundle for the step tests: the phases are driven by hand (begin, iterate,
 * snapshot, end) so a test can look between iterations (losses, live tensors, pool bytes).
 */
import { centerCrop } from '../../../src/data/image/crop';
import type { Backend } from '../../../src/engine/backend';
import { Random } from '../../../src/engine/random';
import { liveTensorCount } from '../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { MethodGan } from '../../../src/gan2shape/gan/methodGan';
import type { InjectedFault } from '../../../src/gan2shape/method/faultInjection';
import { MethodRunner } from '../../../src/gan2shape/method/methodRunner';
import { PRESETS, type ResolvedPreset, resolvePreset } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import type { Phase, Snapshot, StepKind } from '../../../src/gan2shape/runner/types';
import { goldenBundle } from '../../unit/gan/engine-d/goldenBundle';

/** A face-like test image: warm ellipse with a nose-like bright spot on a dark background. */
export function faceImage(size: number) {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const dx = (x - size / 2) / (size * 0.33);
      const dy = (y - size / 2) / (size * 0.43);
      const inside = dx * dx + dy * dy < 1;
      const spot = Math.exp(-((x - size / 2) ** 2 + (y - size * 0.55) ** 2) / (size * 0.6));
      data.set(inside ? [190 - x + 60 * spot, 140 + 40 * spot, 110, 255] : [40, 50 + x, 60, 255], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

export interface StepHarness {
  runner: MethodRunner;
  gan: MethodGan;
  preset: ResolvedPreset;
  /**
   * begin + `iterations` iterations (+ finish/end unless keepOpen); the losses read back. `reseed` reseeds the
   * runner's draw before every iteration, so steps 2 and 3 see one fixed batch and their losses form a curve.
   */
  runPhase(
    step: StepKind,
    iterations: number,
    options?: { keepOpen?: boolean; stage?: number; reseed?: number },
  ): Promise<Losses[]>;
  release(): void;
}

export type Losses = Record<string, number>;

export async function stepHarness(
  backend: Backend,
  overrides: Partial<ResolvedPreset> = {},
  size = 16,
  fault: InjectedFault | null = null,
): Promise<StepHarness> {
  const gan = new MethodGan(backend, await goldenBundle());
  const base = resolvePreset({ ...PRESETS.test, imageSize: size }, gan.size);
  const preset: ResolvedPreset = {
    ...base,
    netWidth: 4,
    albedoWidth: 4,
    encoderWidth: 4,
    latentEncoderWidth: 4,
    // The step tests were written with the flipped branch in step 3, not step 1 (the test preset's choice now).
    flip1: [false],
    flip3: [true],
    ...overrides,
  };
  const input = prepareRunInput(faceImage(40), centerCrop(40, 40), { cx: 0.5, cy: 0.5, rx: 0.33, ry: 0.43 }, size);
  const runner = new MethodRunner(backend, input, preset, { seed: 5, gan, fault });
  return {
    runner,
    gan,
    preset,
    async runPhase(step, iterations, options = {}) {
      const phase: Phase = {
        stage: options.stage ?? (step === 'inversion' || step === 'prior' ? 0 : 1),
        step,
        iterations,
      };
      await runner.begin(phase);
      const losses: Losses[] = [];
      for (let i = 0; i < iterations; i++) {
        if (options.reseed !== undefined) runner.ctx.random = new Random(options.reseed);
        const l = await runner.iterate(phase, i);
        if (l) losses.push(l.losses);
      }
      if (!options.keepOpen) await runner.end();
      return losses;
    },
    release() {
      runner.release();
      gan.release();
    },
  };
}

/** Live tensors and the pool's in-use buffers and bytes (webgpu). */
export function memory(backend: WebGpuBackend) {
  backend.flush();
  const stats = backend.pool.stats();
  return { tensors: liveTensorCount(), inUseBuffers: stats.inUseBuffers, allocatedBytes: stats.allocatedBytes };
}

export function phaseOf(step: StepKind, iterations: number, stage = 1): Phase {
  return { stage, step, iterations };
}

export type { Snapshot };
