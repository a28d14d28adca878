import { describe, expect, it } from 'vitest';
import { centerCrop } from '../../../src/data/image/crop';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { PRESETS } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import type { StepKind } from '../../../src/gan2shape/runner/types';
import { methodModel, runnablePhases, start } from '../../../src/gan2shape/start';
import { goldenBundle } from '../gan/engine-d/goldenBundle';

const S = 16;
const preset = {
  ...PRESETS.test,
  imageSize: S,
  widthScale: 1 / 32,
  priorIterations: 3,
  inversionIterations: 2,
  firstStage: [2, 2, 2] as [number, number, number],
  snapshotEvery: 100,
};

function input() {
  const size = 24;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([120 + (i % 90), 100, 80, 255], i * 4);
  return prepareRunInput(
    { width: size, height: size, data },
    centerCrop(size, size),
    { cx: 0.5, cy: 0.5, rx: 0.35, ry: 0.42 },
    S,
  );
}

describe('start(): the runner API', () => {
  it('lists the phases a run goes through: the prior only without a model, every phase with one', () => {
    expect(runnablePhases(PRESETS.paper, false).map((p) => p.step)).toEqual(['prior']);
    const withModel = runnablePhases(PRESETS.paper, true);
    expect(withModel.slice(0, 3)).toMatchObject([
      { stage: 0, step: 'inversion', iterations: 1000 },
      { stage: 0, step: 'prior', iterations: 1000 },
      { stage: 1, step: 'step1', iterations: 600 },
    ]);
    expect(withModel.length).toBe(2 + 4 * 4);
    // An input sampled from the model carries its w: no inversion.
    expect(runnablePhases(PRESETS.paper, true, true)[0].step).toBe('prior');
  });

  it('runs every phase with a model on the reference engine and frees the nets on release', async () => {
    const backend = new CpuBackend();
    const model = methodModel(backend, await goldenBundle());
    const started = start(backend, input(), model, preset, { seed: 3 });
    const steps: StepKind[] = [];
    let error: string | undefined;
    started.run.subscribe((e) => {
      if (e.type === 'snapshot') steps.push(e.snapshot.step);
      if (e.type === 'state' && e.error) error = e.error;
    });
    const state = await started.run.finished;
    expect(error).toBeUndefined();
    expect(state).toBe('done');
    expect(steps).toEqual(['inversion', 'prior', 'step1', 'step2', 'collect', 'step3']);
    started.release();
    await started.run.finished;
    await Promise.resolve();
    // Released nets refuse to run.
    expect(() => started.runner.depthNet.forward(backend.zeros([1, 3, S, S]))).toThrow();
    model.release();
  });

  it('without a model runs the prior only; release() cancels a run still going', async () => {
    const backend = new CpuBackend();
    const started = start(backend, input(), null, { ...preset, priorIterations: 1000 });
    expect(started.phases.map((p) => p.step)).toEqual(['prior']);
    let iterations = 0;
    started.run.subscribe((e) => {
      if (e.type !== 'progress') return;
      iterations = e.progress.iteration;
      if (iterations === 5) started.release();
    });
    expect(await started.run.finished).toBe('cancelled');
    expect(iterations).toBe(5);
  });
});
