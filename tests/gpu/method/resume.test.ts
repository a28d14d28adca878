/**
 * Runs go on from their last finished stage: the checkpoints a run hands out (after the prior fit and at the end
 * of every stage but the last) resume it to the very result of an uninterrupted run, also after the GPU device the
 * run was on is destroyed in step 2 or in step 3 (the run stops; what it had computed, its snapshots and
 * checkpoints, is kept; a fresh device picks it up).
 */
import { describe, expect, it } from 'vitest';
import { centerCrop } from '../../../src/data/image/crop';
import { createEngineDevice } from '../../../src/engine/device';
import { createNodeGpu } from '../../../src/engine/node/dawn';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { MethodCheckpoint } from '../../../src/gan2shape/method/checkpoint';
import { PRESETS, type Preset } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import type { RunEvent, Snapshot, StepKind } from '../../../src/gan2shape/runner/types';
import { methodModel, start } from '../../../src/gan2shape/start';
import { goldenBundle } from '../../unit/gan/engine-d/goldenBundle';
import { getTestBackend } from '../engine/parity';
import { faceImage } from './methodSteps';

const SIZE = 16;
const preset: Preset = {
  ...PRESETS.test,
  imageSize: SIZE,
  widthScale: 1 / 64,
  stages: 2,
  inversionIterations: 2,
  priorIterations: 3,
  firstStage: [1, 1, 1],
  laterStages: [1, 1, 2],
  collectBatches: 1,
  snapshotEvery: 100,
};
const input = prepareRunInput(faceImage(40), centerCrop(40, 40), { cx: 0.5, cy: 0.5, rx: 0.33, ry: 0.43 }, SIZE);

interface Outcome {
  state: string;
  error?: string;
  checkpoints: MethodCheckpoint[];
  snapshots: Snapshot[];
  begun: string[];
}

/** One run on `backend`; `stopIn` destroys the device at the first progress of that step of stage 2. */
async function runOnce(
  backend: WebGpuBackend,
  options: { resume?: MethodCheckpoint; stopIn?: { step: StepKind; destroy: () => void } } = {},
): Promise<Outcome> {
  const model = methodModel(backend, await goldenBundle());
  const checkpoints: MethodCheckpoint[] = [];
  const started = start(backend, input, model, preset, {
    seed: 3,
    resume: options.resume,
    onCheckpoint: (c) => void checkpoints.push(c),
  });
  const snapshots: Snapshot[] = [];
  const begun: string[] = [];
  let last: RunEvent | null = null;
  started.run.subscribe((e) => {
    last = e;
    if (e.type === 'snapshot') snapshots.push(e.snapshot);
    if (e.type === 'progress') {
      const key = `${e.progress.stage}/${e.progress.step}`;
      if (!begun.includes(key)) begun.push(key);
      if (options.stopIn?.step === e.progress.step && e.progress.stage === 2) options.stopIn.destroy();
    }
  });
  const state = await started.run.finished;
  const end = last as RunEvent | null;
  const error = end?.type === 'state' ? end.error : undefined;
  if (state === 'done') {
    started.release();
    model.release();
  }
  return { state, error, checkpoints, snapshots, begun };
}

/** A device of its own, so the shared test device survives the test. */
async function doomedBackend() {
  const engine = await createEngineDevice(createNodeGpu().gpu, { label: 'doomed' });
  return { backend: new WebGpuBackend(engine.device), destroy: () => engine.device.destroy() };
}

const finalDepth = (o: Outcome) => o.snapshots.at(-1)!.depth;

describe('resuming a run from its last finished stage (WebGPU, golden tiny bundle)', () => {
  let reference: Outcome;

  it('a run hands out a checkpoint after the prior fit and after stage 1; resuming from either ends where it ended', async () => {
    const backend = await getTestBackend();
    reference = await runOnce(backend);
    expect(reference.state).toBe('done');
    expect(reference.checkpoints.map((c) => [c.nextPhase, c.stage])).toEqual([
      [2, 0],
      [6, 1],
    ]);
    const c = reference.checkpoints[1];
    expect(Object.keys(c.nets).sort()).toEqual(['albedo', 'depth', 'latent', 'light', 'view']);
    expect(c.latent?.length).toBeGreaterThan(0);

    for (const checkpoint of reference.checkpoints) {
      const resumed = await runOnce(backend, { resume: checkpoint });
      expect(resumed.state).toBe('done');
      // only the phases after the checkpoint run, and the result is the uninterrupted run's
      expect(resumed.begun[0]).toBe(checkpoint.nextPhase === 2 ? '1/step1' : '2/step1');
      expect(resumed.begun).not.toContain('0/inversion');
      const want = finalDepth(reference);
      const got = finalDepth(resumed);
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    }
  });

  for (const step of ['step2', 'step3'] as const) {
    it(`a device destroyed in ${step} of stage 2 stops the run, keeps its checkpoints, and a fresh device resumes it`, async () => {
      const doomed = await doomedBackend();
      const lost = await runOnce(doomed.backend, { stopIn: { step, destroy: doomed.destroy } });
      expect(lost.state).toBe('failed');
      expect(lost.error).toMatch(/^The GPU device was lost \(destroyed/);
      expect(lost.checkpoints.map((c) => c.nextPhase)).toEqual([2, 6]);
      // what was shown before the loss is kept: the snapshots closing stage 1's phases
      expect(lost.snapshots.map((s) => `${s.stage}/${s.step}`)).toContain('1/step3');

      const resumed = await runOnce(await getTestBackend(), { resume: lost.checkpoints.at(-1) });
      expect(resumed.state).toBe('done');
      const want = finalDepth(reference);
      const got = finalDepth(resumed);
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    });
  }
});
