import { describe, expect, it } from 'vitest';
import { maskedL1, mse, smoothness } from '../../../../src/engine/ops/loss';
import { checkParity } from '../parity';

describe('loss family: WGSL vs float64 reference', () => {
  it.each([
    ['[3,1,7,9] mask over 5 channels', [3, 5, 7, 9], [3, 1, 7, 9]],
    ['full-shape mask', [3, 5, 7, 9], [3, 5, 7, 9]],
    ['RGB 3x32x32 batch 2 (several chunks)', [2, 3, 32, 32], [2, 1, 32, 32]],
  ])('masked L1, %s: a, b and mask gradients', async (_name, shape, maskShape) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape }, { shape: maskShape, low: 0.1, high: 1 }],
      forward: ([a, b, m]) => maskedL1(a, b, m),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('masked L1 with a frozen binary-like mask', async () => {
    const mask = Array.from({ length: 3 * 7 * 9 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const r = await checkParity({
      inputs: [
        { shape: [3, 5, 7, 9] },
        { shape: [3, 5, 7, 9], requiresGrad: false },
        { shape: [3, 1, 7, 9], data: mask, requiresGrad: false },
      ],
      forward: ([a, b, m]) => maskedL1(a, b, m),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[2, 3, 40, 40]]])('MSE on %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }, { shape }], forward: ([a, b]) => mse(a, b) });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[2, 1, 3, 3]], [[2, 2, 32, 32]]])('smoothness on %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => smoothness(x) });
    expect(r.ok, r.report).toBe(true);
  });
});
