/**
 * StyleGAN2 synthesis on WGSL (Dawn) vs PyTorch's golden image and golden grad_w (tiny 64 px bundle; the loss
 * runs through helper D's DiscriminatorFeatures), wPlusOffset parity, sampleOnGpu's latent path (truncateOnEngine,
 * then the engine's broadcastLatents), and no leaked GPU buffers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../../../../src/engine/webgpu/backend';
import { broadcastLatents, wPlusOffset } from '../../../../src/gan/engine/synthesis';
import { truncateOnEngine } from '../../../../src/gan/ort/latents';
import { compareArrays, maxAbs } from '../../../tolerance';
import { type GoldenGan, golden, goldenLossGradient, loadGoldenGan } from '../../../unit/gan/engine-g/goldenGan';
import { checkParity, getTestBackend } from '../../engine/parity';

describe('engine StyleGAN2 synthesis on WebGPU', () => {
  let backend: WebGpuBackend;
  let gan: GoldenGan;
  beforeAll(async () => {
    backend = await getTestBackend();
    gan = await loadGoldenGan(backend);
  });
  afterAll(() => gan?.release());

  it('gives the golden image for the golden w+ (batch 2) and frees every intermediate', async () => {
    const inUse = backend.pool.stats().inUseBuffers;
    const w = golden('w');
    const wt = backend.fromArray(w.data, w.shape);
    const image = gan.synthesis.generate(wt);
    const r = compareArrays(await image.read(), golden('image').data, { atol: 1e-4, rtol: 1e-3 });
    console.log(`webgpu synthesis vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)}`);
    expect(r.ok).toBe(true);
    image.release();
    wt.release();
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
  });

  it('reproduces the golden loss and grad_w (image term + D features through DiscriminatorFeatures)', async () => {
    const withD = await loadGoldenGan(backend, true);
    const inUse = backend.pool.stats().inUseBuffers;
    const { loss, gradW } = await goldenLossGradient(withD, backend);
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
    withD.release();
    const want = golden('grad_w').data;
    const scale = maxAbs(want);
    const r = compareArrays(gradW, want, { atol: 1e-4 * Math.max(1, scale), rtol: 1e-3 });
    const wantLoss = golden('loss').data[0];
    console.log(
      `webgpu grad_w vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)} (max |grad_w| ${scale.toExponential(2)}); loss ${loss} vs ${wantLoss}`,
    );
    expect(Math.abs(loss - wantLoss)).toBeLessThanOrEqual(1e-4 * Math.abs(wantLoss));
    expect(r.ok).toBe(true);
  });

  it('wPlusOffset: [N,D] base + [N,D] offset and [N,L,D] base + [N,D] offset', async () => {
    for (const baseShape of [
      [3, 5],
      [3, 4, 5],
    ]) {
      const r = await checkParity({
        inputs: [{ shape: baseShape }, { shape: [3, 5] }],
        forward: ([base, delta]) => wPlusOffset(base, delta, 4),
      });
      expect(r.ok, r.report).toBe(true);
    }
  });

  it("sampleOnGpu's latent path: truncateOnEngine ([B, D] + [1, D] broadcast) then broadcastLatents", async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5] }, { shape: [1, 5] }],
      forward: ([w, avg]) => broadcastLatents(truncateOnEngine(w, avg, 0.7), 4),
      forwardOnly: true,
    });
    expect(r.ok, r.report).toBe(true);
  });
});
