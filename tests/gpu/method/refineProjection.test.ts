/**
 * The `collectRefineSteps` option: the collect phase's projections after a few w steps each fit their pseudo
 * samples better (masked L1) than E's projections of the same samples, and the refinement leaves no tensor behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterDelta, type WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { PseudoBatch } from '../../../src/gan2shape/method/pseudoSamples';
import { drawPseudoBatch, prepareProjection } from '../../../src/gan2shape/method/steps/projection';
import { ProjectionRefiner } from '../../../src/gan2shape/method/steps/refineProjection';
import { getTestBackend } from '../engine/parity';
import { memory, phaseOf, type StepHarness, stepHarness } from './methodSteps';

/** Masked L1 of the last collected batch's projections to its pseudo samples (the snapshot's copies). */
async function collectOnce(h: StepHarness, refineSteps: number): Promise<number> {
  h.runner.ctx.preset.collectRefineSteps = refineSteps;
  await h.runPhase('collect', 1, { keepOpen: true, reseed: 31 });
  const pseudo = (await h.runner.snapshot(phaseOf('collect', 1), 1)).pseudo!;
  await h.runner.end();
  const pixels = pseudo.masks.length / pseudo.count;
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < pseudo.images.length; i++) {
    const sample = Math.floor(i / (3 * pixels));
    const m = pseudo.masks[sample * pixels + (i % pixels)];
    sum += m * Math.abs(pseudo.projections[i] - pseudo.images[i]);
    weight += m;
  }
  return sum / weight;
}

describe('collect with refined projections (WebGPU, golden tiny bundle)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend, { batchSize: 2, inversionIterations: 3 });
    await h.runPhase('inversion', 3);
    await h.runPhase('prior', 5);
  });
  afterAll(() => h?.release());

  it('w steps after E lower the projections masked L1 to their pseudo samples, and free what they used', async () => {
    const plain = await collectOnce(h, 0);
    const before = memory(backend);
    const refined = await collectOnce(h, 8);
    const after = memory(backend);
    console.log(`collect projections' masked L1: E alone ${plain.toFixed(4)}, after 8 w steps ${refined.toFixed(4)}`);
    expect(refined).toBeLessThan(plain * 0.95);
    expect(after.tensors).toBe(before.tensors);
    expect(after.inUseBuffers).toBe(before.inUseBuffers);
  });

  it('one refiner for the phase: each batch refines as a fresh one would, and creates no buffer or bind group', async () => {
    const ctx = h.runner.ctx;
    const setup = await prepareProjection(ctx, 'The test');
    const batches: PseudoBatch[] = [0, 1, 2].map(() => drawPseudoBatch(ctx, setup.face, 2));
    const release = (b: PseudoBatch) => {
      b.images.release();
      b.masks.release();
    };
    const freshRefiner = new ProjectionRefiner(setup.gan, ctx.size, 3);
    const freshImage = await freshRefiner.refine(setup.projector, ctx.latent!, batches[2]);
    const fresh = await freshImage.read();
    freshImage.release();
    freshRefiner.release();
    const refiner = new ProjectionRefiner(setup.gan, ctx.size, 3);
    // Two batches warm the pool and the bind-group cache; the third is measured.
    for (const b of batches.slice(0, 2)) (await refiner.refine(setup.projector, ctx.latent!, b)).release();
    await backend.finish();
    const before = backend.counters();
    const again = await refiner.refine(setup.projector, ctx.latent!, batches[2]);
    await backend.finish();
    const delta = counterDelta(backend.counters(), before);
    const values = await again.read();
    again.release();
    refiner.release();
    for (const b of batches) release(b);
    setup.release();
    expect(delta.dispatches).toBeGreaterThan(0);
    expect(delta.bufferCreations).toBe(0);
    expect(delta.bindGroupCreations).toBe(0);
    // Adam's moments were reset: the third batch's refinement is the fresh one's, not a continuation.
    let diff = 0;
    for (let i = 0; i < fresh.length; i++) diff = Math.max(diff, Math.abs(fresh[i] - values[i]));
    expect(diff).toBeLessThan(1e-5);
  });
});
