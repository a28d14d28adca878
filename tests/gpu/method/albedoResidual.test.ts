/**
 * The residual albedo of short presets (albedoResidual): albedo = tanh(atanh(I) + A(I)) with A's last conv at
 * zero, so before any training the albedo is the input itself (clamped to +-0.98), and training moves it.
 */
import { describe, expect, it } from 'vitest';
import { tidy } from '../../../src/engine/autograd/tidy';
import { predictAlbedo } from '../../../src/gan2shape/method/inputPrediction';
import { getTestBackend } from '../engine/parity';
import { stepHarness } from './methodSteps';

describe('residual albedo (WebGPU, golden tiny bundle)', () => {
  it('starts as the input and is corrected by training', async () => {
    const backend = await getTestBackend();
    const h = await stepHarness(backend, { albedoResidual: true, priorLearningRate: 3e-3 });
    const input = h.runner.ctx.input.image;
    const albedoNow = async () => Float32Array.from(await tidy(() => predictAlbedo(h.runner.ctx)).read());
    const start = await albedoNow();
    let worst = 0;
    for (let i = 0; i < input.length; i++)
      worst = Math.max(worst, Math.abs(start[i] - Math.max(-0.98, Math.min(0.98, input[i]))));
    expect(worst).toBeLessThan(1e-5);
    // without the residual the untrained albedo is noise around 0, nothing like the input
    const plain = await stepHarness(backend, {});
    const plainAlbedo = Float32Array.from(await tidy(() => predictAlbedo(plain.runner.ctx)).read());
    const far = plainAlbedo.reduce((a, v, i) => a + Math.abs(v - input[i]), 0) / input.length;
    expect(far).toBeGreaterThan(0.1);
    plain.release();
    // the prior phase fits the albedo through the renderer: the correction moves it, inside (-1, 1)
    await h.runPhase('inversion', 2);
    await h.runPhase('prior', 10);
    const after = await albedoNow();
    const moved = after.reduce((a, v, i) => a + Math.abs(v - start[i]), 0) / after.length;
    expect(moved).toBeGreaterThan(1e-3);
    expect(after.every((v) => v > -1 && v < 1)).toBe(true);
    h.release();
  });
});
