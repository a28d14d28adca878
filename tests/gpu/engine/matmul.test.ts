import { describe, expect, it } from 'vitest';
import { linear, matmul } from '../../../src/engine/ops/matmul';
import { checkParity } from './parity';

describe('matmul family: WGSL vs float64 reference', () => {
  it('matmul on shapes that are not multiples of the 4x4 tile', async () => {
    const r = await checkParity({ inputs: [{ shape: [5, 7] }, { shape: [7, 9] }], forward: ([a, b]) => matmul(a, b) });
    expect(r.ok, r.report).toBe(true);
  });

  it('matmul with a long inner dimension', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 300] }, { shape: [300, 33] }],
      forward: ([a, b]) => matmul(a, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('linear with bias, batch 3, 5 inputs, 7 outputs', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5] }, { shape: [7, 5] }, { shape: [7] }],
      forward: ([x, w, b]) => linear(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('linear through a frozen weight without bias', async () => {
    const r = await checkParity({
      inputs: [{ shape: [6, 9] }, { shape: [5, 9], requiresGrad: false }],
      forward: ([x, w]) => linear(x, w, null),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('bias gradient of a 600-row batch goes through the two-level reduction', async () => {
    const r = await checkParity({
      inputs: [{ shape: [600, 3], requiresGrad: false }, { shape: [5, 3], requiresGrad: false }, { shape: [5] }],
      forward: ([x, w, b]) => linear(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });
});
