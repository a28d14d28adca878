/**
 * The method's steps on WebGPU with the golden tiny bundle: step 2 learns (its loss falls, dw is not zero, the
 * projections of different views differ: a collapse of E to dw = 0 fails), step 3 lowers the input's
 * reconstruction loss and moves the depth away from the prior.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidy } from '../../../src/engine/autograd/tidy';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { PREVIEW_YAWS } from '../../../src/gan2shape/method/steps/projectionStep';
import { getTestBackend } from '../engine/parity';
import { type Losses, phaseOf, type StepHarness, stepHarness } from './methodSteps';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('steps 2 and 3 learn (WebGPU, golden tiny bundle)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  let step2: Losses[];
  let priorDepth: Float64Array;

  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend, { learningRate: 2e-3, batchSize: 2, inversionIterations: 10 });
    await h.runPhase('inversion', 10);
    await h.runPhase('prior', 30);
    priorDepth = await tidy(() => h.runner.depthNet.forward(h.runner.ctx.image)).read();
    await h.runPhase('step1', 5);
  });
  afterAll(() => h?.release());

  it('step 2: the loss falls and the offsets are not zero', async () => {
    step2 = await h.runPhase('step2', 25, { keepOpen: true });
    const totals = step2.map((l) => l.total);
    expect(totals.length).toBe(5);
    // Pseudo samples are random every iteration: compare the first and last quarter of the readings.
    expect(mean(totals.slice(-2))).toBeLessThan(mean(totals.slice(0, 2)));
    expect(step2.at(-1)!.offset_norm).toBeGreaterThan(1e-6);
  });

  it('step 2: projections of different views differ from each other and from I_gan (no collapse)', async () => {
    const snap = await h.runner.snapshot(phaseOf('step2', 25), 25);
    await h.runner.end();
    const pseudo = snap.pseudo!;
    expect(pseudo.count).toBe(PREVIEW_YAWS.length);
    const n = pseudo.projections.length / pseudo.count;
    const view = (k: number) => pseudo.projections.subarray(k * n, (k + 1) * n);
    const maxDiff = (a: Float32Array, b: ArrayLike<number>) =>
      a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    const ganImage = snap.ganImage!;
    for (let k = 0; k < pseudo.count; k++) {
      expect(maxDiff(view(k), ganImage), `view ${k} vs I_gan`).toBeGreaterThan(1e-3);
      for (let j = 0; j < k; j++) expect(maxDiff(view(k), view(j)), `view ${k} vs ${j}`).toBeGreaterThan(1e-3);
    }
  });

  it('step 3: the input reconstruction loss falls and the depth leaves the prior', async () => {
    await h.runPhase('collect', 4);
    expect(h.runner.ctx.projected?.count).toBe(8);
    const losses = await h.runPhase('step3', 30);
    // The input's terms are deterministic (the samples' batch changes every iteration).
    const input = losses.map((l) => l.l1 + 0.5 * l.perceptual);
    expect(mean(input.slice(-2))).toBeLessThan(mean(input.slice(0, 2)));
    for (const name of ['sample_l1', 'sample_perceptual', 'l1_flip', 'perceptual_flip'])
      expect(losses[0][name], name).toBeGreaterThan(0);
    const depth = await tidy(() => h.runner.depthNet.forward(h.runner.ctx.image)).read();
    const moved = depth.reduce((m, v, i) => Math.max(m, Math.abs(v - priorDepth[i])), 0);
    expect(moved).toBeGreaterThan(1e-3);
  });
});
