/** The generator's op families on WGSL (Dawn) vs the float64 reference: forward, backward, no leaked buffers. */
import { describe, expect, it } from 'vitest';
import { demodulationCoefficients } from '../../../../src/gan/engine/ops/modconvDemod';
import { modulate } from '../../../../src/gan/engine/ops/modconvModulate';
import { pixelNorm } from '../../../../src/gan/engine/ops/stylePixelNorm';
import { synthActivate } from '../../../../src/gan/engine/ops/synthActivate';
import { checkParity } from '../../engine/parity';

describe('generator op families: WGSL vs float64 reference', () => {
  it('demodulation coefficients (batch 3, 7 -> 5 channels)', async () => {
    const r = await checkParity({
      inputs: [
        { shape: [3, 7], low: -2, high: 2 },
        { shape: [5, 7], requiresGrad: false, low: 0.05, high: 1 },
      ],
      forward: ([s, e]) => demodulationCoefficients(s, e, 1e-8),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('fused styled-conv activation on an awkward shape (rows longer than one workgroup)', async () => {
    const r = await checkParity({
      inputs: [
        { shape: [3, 5, 17, 19] },
        { shape: [3, 5], low: 0.2, high: 1.5 },
        { shape: [1, 1, 17, 19], requiresGrad: false },
        { shape: [1], requiresGrad: false },
        { shape: [5], requiresGrad: false },
      ],
      forward: ([x, d, noise, nw, bias]) => synthActivate(x, d, noise, nw, bias, { slope: 0.2, gain: Math.SQRT2 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('modulation by the style (rows longer than one workgroup)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5, 17, 19] }, { shape: [3, 5], low: -2, high: 2 }],
      forward: ([x, s]) => modulate(x, s),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('pixel norm of latent rows', async () => {
    const r = await checkParity({
      inputs: [{ shape: [5, 33], low: -3, high: 3 }],
      forward: ([x]) => pixelNorm(x, 1e-8),
    });
    expect(r.ok, r.report).toBe(true);
  });
});
