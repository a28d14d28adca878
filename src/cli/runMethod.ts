/**
 * Drives one run of the method to its end through the runner API (start.ts), as the app does: progress to a
 * callback, the snapshot that closes each phase to another, and the outcome (final snapshot, per-phase time).
 */
import type { Backend } from '../engine/backend';
import type { Preset, ResolvedPreset } from '../gan2shape/presets/presets';
import type { RunInput } from '../gan2shape/runner/input';
import type { Phase, Progress, RunState, Snapshot } from '../gan2shape/runner/types';
import { type MethodModel, start } from '../gan2shape/start';

export interface PhaseTiming {
  stage: number;
  step: Phase['step'];
  iterations: number;
  seconds: number;
}

export interface RunOutcome {
  state: RunState;
  error?: string;
  /** The last snapshot (the end of the last phase when the run is done). */
  final: Snapshot | null;
  phases: Phase[];
  preset: ResolvedPreset;
  timings: PhaseTiming[];
  seconds: number;
}

export interface RunHooks {
  onProgress?: (progress: Progress) => void;
  /** The snapshot taken at the last iteration of a phase. */
  onPhaseEnd?: (snapshot: Snapshot, phase: Phase, phaseIndex: number) => void;
}

export async function runMethod(
  backend: Backend,
  input: RunInput,
  model: MethodModel,
  preset: Preset,
  options: { seed?: number } = {},
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  const t0 = performance.now();
  const started = start(backend, input, model, preset, { seed: options.seed });
  let phaseIndex = 0;
  let final: Snapshot | null = null;
  let error: string | undefined;
  let lastPhaseEnd = 0;
  const timings: PhaseTiming[] = [];
  const unsubscribe = started.run.subscribe((event) => {
    if (event.type === 'progress') {
      const p = event.progress;
      phaseIndex = p.phaseIndex;
      if (p.iteration === p.iterations) {
        timings.push({
          stage: p.stage,
          step: p.step,
          iterations: p.iterations,
          seconds: p.elapsedSeconds - lastPhaseEnd,
        });
        lastPhaseEnd = p.elapsedSeconds;
      }
      hooks.onProgress?.(p);
    } else if (event.type === 'snapshot') {
      final = event.snapshot;
      const phase = started.phases[phaseIndex];
      if (event.snapshot.iteration === phase.iterations) hooks.onPhaseEnd?.(event.snapshot, phase, phaseIndex);
    } else if (event.error) {
      error = event.error;
    }
  });
  try {
    const state = await started.run.finished;
    return {
      state,
      error,
      final,
      phases: started.phases,
      preset: started.preset,
      timings,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    unsubscribe();
    started.release();
    await started.run.finished;
  }
}
