/**
 * A run that blows up stops where it does: a NaN put into the nets before step 1's third iteration (the
 * fault injection the app's `?fault=` uses) flows through the real forward pass; the run fails at that step with a
 * message naming the phase and what went non-finite (the weights: SwiftShader clamps the maps of NaN weights to
 * finite values, so only the weight check catches it), the snapshots shown before it are finite, and releasing the
 * failed run frees everything it held.
 */
import { describe, expect, it } from 'vitest';
import { liveTensorCount } from '../../../src/engine/tensor';
import { Run } from '../../../src/gan2shape/runner/run';
import type { Phase, RunEvent, Snapshot } from '../../../src/gan2shape/runner/types';
import { getTestBackend } from '../engine/parity';
import { type StepHarness, stepHarness } from './methodSteps';

/** Inversion 2, prior 3, then `step1Iterations` of step 1 with a NaN put into the nets before step 1's `at`. */
async function poisonedRun(
  at: number,
  step1Iterations: number,
  snapshotEvery: number,
): Promise<{ h: StepHarness; events: RunEvent[]; state: Extract<RunEvent, { type: 'state' }> }> {
  const backend = await getTestBackend();
  const h = await stepHarness(backend, { inversionIterations: 2 }, 16, { step: 'step1', iteration: at });
  const phases: Phase[] = [
    { stage: 0, step: 'inversion', iterations: 2 },
    { stage: 0, step: 'prior', iterations: 3 },
    { stage: 1, step: 'step1', iterations: step1Iterations },
  ];
  const run = new Run(phases, h.runner, { snapshotEvery });
  const events: RunEvent[] = [];
  run.subscribe((e) => events.push(e));
  expect(await run.finished).toBe('failed');
  const state = events.at(-1)!;
  if (state.type !== 'state') throw new Error('the last event is not the state');
  return { h, events, state };
}

describe('a non-finite value stops the run (WebGPU, golden tiny bundle)', () => {
  it('stops in step 1 at the poisoned iteration, shows only finite snapshots and frees its tensors', async () => {
    const backend = await getTestBackend();
    backend.flush();
    const before = liveTensorCount();
    const { h, events, state } = await poisonedRun(2, 6, 1);
    // The NaN enters before iteration index 2; the snapshot after it (iteration 3) checks the weights first. The
    // maps alone would not show it: SwiftShader clamps the NaN depth and albedo to finite values (0.9, -1).
    expect(state.error).toMatch(
      /^Step 1: albedo of stage 1, iteration 3: \d+ weights of the nets are NaN or infinite$/,
    );
    expect(state.at).toMatchObject({ phaseIndex: 2, step: 'step1', iteration: 3, term: 'weights' });
    const snaps = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    expect(snaps.map((s) => `${s.step}@${s.iteration}`).at(-1)).toBe('step1@2');
    // the last snapshot shown is the last good one: its depth is the prior fit's, not the clamped 0.9 of NaN weights
    expect(Math.min(...snaps.at(-1)!.depth)).toBeGreaterThan(0.9);
    const finite = (s: Snapshot) =>
      [s.depth, s.albedo ?? [], s.reconstruction ?? [], s.light ?? []].every((a) =>
        Array.from(a).every(Number.isFinite),
      );
    expect(snaps.every(finite)).toBe(true);
    h.release();
    backend.flush();
    expect(liveTensorCount()).toBe(before);
  });

  it('between snapshots, the weight check at the next loss reading stops it', async () => {
    const { h, state } = await poisonedRun(1, 8, 100);
    // losses (and the trained weights) are read at iteration 5: the first reading after the fault
    expect(state.error).toMatch(/^Step 1: albedo of stage 1, iteration 5: \d+ of the weights this step trains are NaN/);
    expect(state.at).toMatchObject({ step: 'step1', iteration: 5, term: 'weights' });
    h.release();
  });
});
