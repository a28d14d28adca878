/**
 * Runs go on from their last finished stage: the checkpoints a run hands out (after the prior fit and at the end
 * of every stage but the last) resume it to the very result of an uninterrupted run, also after the GPU device the
 * run was on is destroyed in step 2 or in step 3 (the run stops; what it had computed, its snapshots and
 * checkpoints, is kept; a fresh device picks it up). Cancel stops a run in every phase and frees what it held.
 */
import { describe, expect, it } from 'vitest';
import { centerCrop } from '../../../src/data/image/crop';
import { createEngineDevice } from '../../../src/engine/device';
import { createNodeGpu } from '../../../src/engine/node/dawn';
import { liveTensorCount } from '../../../src/engine/tensor';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { MethodCheckpoint } from '../../../src/gan2shape/method/checkpoint';
import { PRESETS, type Preset } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import type { Run } from '../../../src/gan2shape/runner/run';
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

/** Where and how to stop a run: at the first progress of that step of that stage. */
interface Stop {
  stage: number;
  step: StepKind;
  stop: (run: Run) => void;
}

/** One run on `backend`, stopped (device destroyed, cancelled) where `stopIn` says; released unless it failed. */
async function runOnce(
  backend: WebGpuBackend,
  options: { resume?: MethodCheckpoint; stopIn?: Stop } = {},
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
      const stop = options.stopIn;
      if (stop?.step === e.progress.step && stop.stage === e.progress.stage) stop.stop(started.run);
    }
  });
  const state = await started.run.finished;
  const end = last as RunEvent | null;
  const error = end?.type === 'state' ? end.error : undefined;
  if (state !== 'failed') {
    started.release();
    await started.run.finished;
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

  it('a run hands out a checkpoint after the prior fit and after stage 1', async () => {
    reference = await runOnce(await getTestBackend());
    expect(reference.state).toBe('done');
    expect(reference.checkpoints.map((c) => [c.nextPhase, c.stage])).toEqual([
      [2, 0],
      [6, 1],
    ]);
    const c = reference.checkpoints[1];
    expect(Object.keys(c.nets).sort()).toEqual(['albedo', 'depth', 'latent', 'light', 'view']);
    expect(c.latent?.length).toBeGreaterThan(0);
  });

  it('cancel stops every phase at once and frees what the run held; each next run starts afresh', async () => {
    const backend = await getTestBackend();
    const steps: StepKind[] = ['inversion', 'prior', 'step1', 'step2', 'collect', 'step3'];
    backend.flush();
    const before = liveTensorCount();
    for (const step of steps) {
      const cancelled = await runOnce(backend, {
        stopIn: { stage: step === 'inversion' || step === 'prior' ? 0 : 1, step, stop: (run) => run.cancel() },
      });
      expect(cancelled.state, step).toBe('cancelled');
      expect(cancelled.begun.at(-1), step).toMatch(new RegExp(`/${step}$`));
      backend.flush();
      expect(liveTensorCount(), `tensors left after a cancel in ${step}`).toBe(before);
    }
  });

  // A loss in stage 1 resumes from the prior fit's checkpoint, a loss in stage 2 from stage 1's.
  const losses = [
    { stage: 1, step: 'step2', from: 2, firstResumed: '1/step1' },
    { stage: 2, step: 'step3', from: 6, firstResumed: '2/step1' },
  ] as const;
  for (const { stage, step, from, firstResumed } of losses) {
    it(`a device destroyed in ${step} of stage ${stage} stops the run and keeps what it computed; a fresh device resumes it to the uninterrupted result`, async () => {
      const doomed = await doomedBackend();
      const lost = await runOnce(doomed.backend, { stopIn: { stage, step, stop: doomed.destroy } });
      expect(lost.state).toBe('failed');
      expect(lost.error).toMatch(/^The GPU device was lost \(destroyed/);
      expect(lost.checkpoints.at(-1)?.nextPhase).toBe(from);
      // what was shown before the loss is kept: the snapshot closing the last finished phase
      expect(lost.snapshots.map((s) => `${s.stage}/${s.step}`)).toContain(stage === 1 ? '1/step1' : '1/step3');

      const resumed = await runOnce(await getTestBackend(), { resume: lost.checkpoints.at(-1) });
      expect(resumed.state).toBe('done');
      // only the phases after the checkpoint run, and they end where the uninterrupted run ended
      expect(resumed.begun[0]).toBe(firstResumed);
      expect(resumed.begun).not.toContain('0/inversion');
      const want = finalDepth(reference);
      const got = finalDepth(resumed);
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    });
  }
});
