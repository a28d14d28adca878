/**
 * The golden gradient w.r.t. w: loss = mean((G(w0) - x)^2) + sum_k mean((D_k(G(w0)) - D_k(x))^2) through the
 * engine's synthesis and helper D's DiscriminatorFeatures on the float64 cpu backend, vs PyTorch's loss and grad_w.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { compareArrays, maxAbs } from '../../../tolerance';
import { golden, goldenLossGradient, loadGoldenGan } from './goldenGan';

describe('golden grad_w on the cpu float64 engine', () => {
  it('reproduces PyTorch loss and grad_w', async () => {
    const backend = new CpuBackend();
    const gan = await loadGoldenGan(backend, true);
    const { loss, gradW } = await goldenLossGradient(gan, backend);
    gan.release();
    const want = golden('grad_w').data;
    const scale = maxAbs(want);
    const r = compareArrays(gradW, want, { atol: 1e-4 * Math.max(1, scale), rtol: 1e-3 });
    console.log(
      `cpu grad_w vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)} (max |grad_w| ${scale.toExponential(2)}); loss ${loss} vs ${golden('loss').data[0]}`,
    );
    const wantLoss = golden('loss').data[0];
    // PyTorch's loss is a float32 sum of float32 terms: agree to a few float32 ulps, relatively.
    expect(Math.abs(loss - wantLoss)).toBeLessThanOrEqual(2e-6 * Math.abs(wantLoss));
    expect(scale).toBeGreaterThan(1e-3);
    expect(r.ok).toBe(true);
    expect(backend.liveTensors).toBe(0);
  });
});
