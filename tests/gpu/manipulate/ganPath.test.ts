/**
 * The GAN manipulation path on WebGPU with the golden tiny bundle, after a short run (inversion, prior, step 1,
 * step 2): I_gan itself, unrotated, comes back as I_gan (relative encoding: dw = 0); the input's own view and
 * light land nearer I_gan than yaw 20 does (the tiny model cannot invert the input, so not close to it); a
 * render leaves no tensor behind. What a finished run keeps of it (E and w, ganPathState.ts), cloned as IndexedDB
 * stores it and rebuilt on the same model, renders the same image as the live runner's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveTensorCount } from '../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { type GanPathModel, renderGanView } from '../../../src/gan2shape/manipulate/ganPath';
import { readGanPathState, rebuildGanPath } from '../../../src/gan2shape/manipulate/ganPathState';
import type { Snapshot } from '../../../src/gan2shape/runner/types';
import { getTestBackend } from '../engine/parity';
import { phaseOf, type StepHarness, stepHarness } from '../method/methodSteps';

const meanAbs = (a: Float32Array, b: ArrayLike<number>) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('GAN path: warp, E and G (WebGPU, golden tiny bundle)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  let model: GanPathModel;
  let snap: Snapshot;

  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend, { learningRate: 2e-3, batchSize: 2, inversionIterations: 10 });
    await h.runPhase('inversion', 10);
    await h.runPhase('prior', 30);
    await h.runPhase('step1', 5);
    await h.runPhase('step2', 8);
    snap = await h.runner.snapshot(phaseOf('step1', 5), 5);
    model = h.runner.ganPathModel()!;
  });
  afterAll(() => h?.release());

  it('the runner hands the GAN path its E, w and I_gan', () => {
    expect(model).not.toBeNull();
    expect(model.size).toBe(16);
    expect(model.latent.ganImage.shape).toEqual([1, 3, 16, 16]);
  });

  it('yaw 0 with I_gan as the texture gives back I_gan: the relative encoding makes dw = 0', async () => {
    // Ambient 1, diffuse 0: the texture is the albedo; view 0: the warp is the identity; E(I') = E(I_gan).
    const ganImage = snap.ganImage!;
    const own = await renderGanView(model, snap.depth, ganImage, [0, 0, 0, 0, 0, 0], [1, 0, 0, 0]);
    expect(meanAbs(own.warped, ganImage)).toBeLessThan(1e-4);
    expect(meanAbs(own.image, ganImage)).toBeLessThan(1e-3);
  });

  it('in the input’s own view and light it is nearer I_gan than at yaw 20', async () => {
    const ganImage = snap.ganImage!;
    const own = await renderGanView(model, snap.depth, snap.albedo!, snap.view!, snap.light!);
    const turnedView = [...snap.view!];
    turnedView[1] += (20 * Math.PI) / 180;
    const turned = await renderGanView(model, snap.depth, snap.albedo!, turnedView, snap.light!);
    const ownError = meanAbs(own.image, ganImage);
    const turnedError = meanAbs(turned.image, ganImage);
    expect(own.image.length).toBe(3 * 16 * 16);
    expect(own.image.every(Number.isFinite)).toBe(true);
    expect(turnedError, `own view ${ownError} vs yaw 20 ${turnedError}`).toBeGreaterThan(ownError);
    // The warp itself moved: E saw a different image, and G drew another one.
    expect(meanAbs(own.warped, turned.warped)).toBeGreaterThan(1e-2);
    expect(meanAbs(own.image, turned.image)).toBeGreaterThan(1e-3);
  });

  it('a render leaves no tensor behind', async () => {
    const before = liveTensorCount();
    await renderGanView(model, snap.depth, snap.albedo!, [0, 0.2, 0, 0, 0, 0], [0.8, 0.3, 0.5, 0.2]);
    expect(liveTensorCount()).toBe(before);
  });

  it('rebuilt from what a finished run keeps (E and w), it renders the live runner’s image', async () => {
    const before = liveTensorCount();
    // IndexedDB stores a structured clone: the rebuild gets exactly that.
    const stored = structuredClone(await readGanPathState(model));
    expect(stored.latent).toBeInstanceOf(Float32Array);
    const rebuilt = await rebuildGanPath(h.gan, stored, h.runner.ctx.input.image);
    try {
      expect(rebuilt.size).toBe(model.size);
      expect(rebuilt.offsetLayers).toBe(model.offsetLayers);
      expect(rebuilt.latent.psnr).toBeCloseTo(model.latent.psnr, 5);
      const view = [...snap.view!];
      view[1] += (25 * Math.PI) / 180;
      const want = await renderGanView(model, snap.depth, snap.albedo!, view, snap.light!);
      const got = await renderGanView(rebuilt, snap.depth, snap.albedo!, view, snap.light!);
      // Same weights, same kernels, I_gan recomputed by the same G: the same image.
      expect(meanAbs(got.warped, want.warped)).toBe(0);
      const worst = got.image.reduce((m, v, i) => Math.max(m, Math.abs(v - want.image[i])), 0);
      expect(worst, `max |rebuilt - live| ${worst}`).toBeLessThan(1e-6);
      // Not two copies of I_gan: the turned view moved the render.
      expect(meanAbs(got.image, snap.ganImage!)).toBeGreaterThan(1e-3);
    } finally {
      rebuilt.release();
    }
    expect(liveTensorCount()).toBe(before);
  });
});
