/**
 * No GPU memory growth in any step: live tensors, pool buffers in use and pool bytes are the same after iteration
 * 10 and iteration N of every phase, each followed by a snapshot (snapshots run forwards outside the training
 * tape, the classic place to leak), and a phase's end frees what its begin allocated. The loop is bench:soak's.
 * N is 20 in the suite: a leak of even one tensor per iteration shows as 10 more, as surely as 90 more would, and
 * 100 iterations of all six phases take about 5 minutes on SwiftShader. MEMORY_ITERATIONS=100 runs the long form
 * (npx vitest run --project gpu tests/gpu/method/memory.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soak } from '../../../bench/soak/soak';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { StepKind } from '../../../src/gan2shape/runner/types';
import { getTestBackend } from '../engine/parity';
import { memory, type StepHarness, stepHarness } from './methodSteps';

const ITERATIONS = Number(process.env.MEMORY_ITERATIONS ?? 20);
const STEPS: StepKind[] = ['inversion', 'prior', 'step1', 'step2', 'collect', 'step3'];

describe(`memory stays flat over ${ITERATIONS} iterations of every phase (WebGPU, tiny sizes)`, () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend, { batchSize: 1 }, 16);
  });
  afterAll(() => h?.release());

  for (const step of STEPS) {
    it(`${step}: the same after iteration 10 and ${ITERATIONS} (with snapshots); end frees begin's tensors`, async () => {
      const before = memory(backend);
      // bench:soak's loop (bench/soak/soak.ts): a snapshot and a reading at iterations 10, 20, ...; it ends the
      // phase itself, so the end-frees-begin check compares with the reading before begin.
      const result = await soak(backend, h.runner, { iterations: ITERATIONS, every: 10, steps: [step] });
      const growth = result.steps[step]!;
      expect(growth.last.iteration).toBe(Math.floor(ITERATIONS / 10) * 10);
      expect(
        { tensors: growth.tensors, inUseBuffers: growth.inUseBuffers, allocatedBytes: growth.allocatedBytes },
        `${step}: iteration ${growth.last.iteration} vs 10`,
      ).toEqual({ tensors: 0, inUseBuffers: 0, allocatedBytes: 0 });
      const after = memory(backend);
      // What a phase hands on stays: the inversion's w and I_gan, the collected samples (2 tensors each).
      const handedOn = step === 'inversion' || step === 'collect' ? 2 : 0;
      expect(after.tensors - before.tensors).toBeLessThanOrEqual(handedOn);
      expect(after.tensors).toBeGreaterThanOrEqual(before.tensors);
    });
  }
});
