/**
 * The method's steps on WebGPU with the golden tiny bundle: step 2 learns (its loss falls, dw is not zero, the
 * projections of different views differ: a collapse of E to dw = 0 fails), step 3 lowers the input's
 * reconstruction loss and moves the depth away from the prior.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidy } from '../../../src/engine/autograd/tidy';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { ProjectedSamples } from '../../../src/gan2shape/method/projectedSamples';
import { PREVIEW_YAWS } from '../../../src/gan2shape/method/steps/projectionStep';
import type { Snapshot } from '../../../src/gan2shape/runner/types';
import { getTestBackend } from '../engine/parity';
import { type Losses, phaseOf, type StepHarness, stepHarness } from './methodSteps';

const STEP2_ITERATIONS = 15;

describe('steps 2 and 3 learn (WebGPU, golden tiny bundle)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  let step2: Losses[];
  let last: Snapshot;
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

  it('step 2: on a fixed batch of pseudo samples the loss falls, and the offsets are not zero', async () => {
    // Training draws new random views every iteration, so its losses are not comparable from one iteration to
    // the next: reseeding the draw before each iteration keeps the batch fixed and makes the loss a curve.
    step2 = await h.runPhase('step2', STEP2_ITERATIONS, { keepOpen: true, reseed: 77 });
    last = await h.runner.snapshot(phaseOf('step2', STEP2_ITERATIONS), STEP2_ITERATIONS);
    await h.runner.end();
    const totals = step2.map((l) => l.total);
    expect(totals.length).toBeGreaterThanOrEqual(3);
    expect(totals.at(-1)!).toBeLessThan(totals[0]);
    expect(step2.at(-1)!.offset_norm).toBeGreaterThan(1e-6);
  });

  it('step 2: projections of different views differ from each other and from I_gan (no collapse)', async () => {
    const snap = last;
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

  it('step 3 on the collected samples: the loss of a fixed batch falls, every term is live', async () => {
    await h.runPhase('collect', 4);
    expect(h.runner.ctx.projected?.count).toBe(8);
    const losses = await h.runPhase('step3', 10, { reseed: 78 });
    expect(losses.at(-1)!.total).toBeLessThan(losses[0].total);
    for (const name of ['l1', 'perceptual', 'sample_l1', 'sample_perceptual', 'l1_flip', 'perceptual_flip'])
      expect(losses[0][name], name).toBeGreaterThan(0);
  });

  it('step 3 lowers the input reconstruction loss and moves the depth away from the prior', async () => {
    // The golden bundle's tiny random generator projects pseudo samples to images unlike the input, and fitting
    // those pulls the nets away from the input: here the collected samples are the input itself (what a perfect
    // projection of the view-0 pseudo sample gives), so the joint objective agrees with the input's terms.
    const ctx = h.runner.ctx;
    ctx.projected?.release();
    const samples = new ProjectedSamples(backend, 2, ctx.size);
    const ones = backend.full([1, 1, ctx.size, ctx.size], 1);
    for (let k = 0; k < 2; k++) samples.append(ctx.image, ones, [0, 0, 0, 0, 0, 0], [0.5, 0.5, 0, 0]);
    ones.release();
    ctx.projected = samples;
    const losses = await h.runPhase('step3', 15, { reseed: 78 });
    const input = losses.map((l) => l.l1 + 0.5 * l.perceptual);
    expect(input.at(-1)!).toBeLessThan(input[0]);
    const depth = await tidy(() => h.runner.depthNet.forward(ctx.image)).read();
    const moved = depth.reduce((m, v, i) => Math.max(m, Math.abs(v - priorDepth[i])), 0);
    expect(moved).toBeGreaterThan(1e-3);
  });
});
