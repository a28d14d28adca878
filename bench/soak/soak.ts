/**
 * Memory soak of the method's steps: N iterations of each phase (inversion, prior, step 1, step 2, collect,
 * step 3) on one MethodRunner, with a snapshot and a reading of live engine tensors and pool bytes every `every`
 * iterations. A leak of one tensor per iteration shows as a growth of N/every x `every` between the first and
 * the last reading of a phase; flat memory means zero growth in every phase. The readings are taken after a
 * snapshot, because snapshots run forwards outside the training tape, the classic place to leak.
 */
import { liveTensorCount } from '../../src/engine/tensor';
import type { WebGpuBackend } from '../../src/engine/webgpu/backend';
import type { MethodRunner } from '../../src/gan2shape/method/methodRunner';
import type { Phase, StepKind } from '../../src/gan2shape/runner/types';

export const SOAK_STEPS: StepKind[] = ['inversion', 'prior', 'step1', 'step2', 'collect', 'step3'];

export interface MemoryReading {
  step: StepKind;
  iteration: number;
  tensors: number;
  inUseBuffers: number;
  allocatedBytes: number;
}

export interface StepGrowth {
  first: MemoryReading;
  last: MemoryReading;
  tensors: number;
  inUseBuffers: number;
  allocatedBytes: number;
}

export interface SoakResult {
  iterations: number;
  every: number;
  steps: Partial<Record<StepKind, StepGrowth>>;
  /** The largest growth of any phase, first to last reading. */
  maxTensorGrowth: number;
  maxByteGrowth: number;
  seconds: number;
}

export function readMemory(backend: WebGpuBackend, step: StepKind, iteration: number): MemoryReading {
  backend.flush();
  const stats = backend.pool.stats();
  return {
    step,
    iteration,
    tensors: liveTensorCount(),
    inUseBuffers: stats.inUseBuffers,
    allocatedBytes: stats.allocatedBytes,
  };
}

export async function soak(
  backend: WebGpuBackend,
  runner: MethodRunner,
  options: { iterations: number; every: number; onReading?: (r: MemoryReading) => void; steps?: StepKind[] },
): Promise<SoakResult> {
  const { iterations, every } = options;
  if (!Number.isInteger(every) || every < 1 || iterations < 2 * every)
    throw new Error(`soak: needs at least two readings (iterations ${iterations} >= 2 x every ${every})`);
  const t0 = performance.now();
  const steps: SoakResult['steps'] = {};
  for (const step of options.steps ?? SOAK_STEPS) {
    const phase: Phase = { stage: step === 'inversion' || step === 'prior' ? 0 : 1, step, iterations };
    await runner.begin(phase);
    const readings: MemoryReading[] = [];
    for (let i = 0; i < iterations; i++) {
      await runner.iterate(phase, i);
      if ((i + 1) % every === 0) {
        await runner.snapshot(phase, i + 1);
        const r = readMemory(backend, step, i + 1);
        readings.push(r);
        options.onReading?.(r);
      }
    }
    await runner.end();
    const first = readings[0];
    const last = readings[readings.length - 1];
    steps[step] = {
      first,
      last,
      tensors: last.tensors - first.tensors,
      inUseBuffers: last.inUseBuffers - first.inUseBuffers,
      allocatedBytes: last.allocatedBytes - first.allocatedBytes,
    };
  }
  const growths = Object.values(steps);
  return {
    iterations,
    every,
    steps,
    maxTensorGrowth: Math.max(...growths.map((g) => g.tensors)),
    maxByteGrowth: Math.max(...growths.map((g) => g.allocatedBytes)),
    seconds: (performance.now() - t0) / 1000,
  };
}
