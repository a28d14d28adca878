import { describe, expect, it } from 'vitest';
import { linear, matmul } from '../../../src/engine/ops/matmul';
import { linearForward, matmul as matmulRef } from '../../../src/engine/reference/matmul';
import { checkGradients } from './fd';

describe('matmul reference', () => {
  it('multiplies a 2x3 by a 3x2 matrix, with and without transposes', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // [[1,2,3],[4,5,6]]
    const b = Float64Array.from([7, 8, 9, 10, 11, 12]); // [[7,8],[9,10],[11,12]]
    expect([...matmulRef(a, b, { m: 2, k: 3, n: 2, transA: false, transB: false })]).toEqual([58, 64, 139, 154]);
    const aT = Float64Array.from([1, 4, 2, 5, 3, 6]);
    const bT = Float64Array.from([7, 9, 11, 8, 10, 12]);
    expect([...matmulRef(aT, bT, { m: 2, k: 3, n: 2, transA: true, transB: true })]).toEqual([58, 64, 139, 154]);
  });

  it('adds the bias per output feature in linear', () => {
    const x = Float64Array.from([1, 2]); // [1, 2]
    const w = Float64Array.from([1, 0, 0, 1, 1, 1]); // [3, 2]
    expect([...linearForward(x, w, Float64Array.from([10, 20, 30]), 1, 2, 3)]).toEqual([11, 22, 33]);
  });
});

describe('matmul family gradients (finite differences, float64)', () => {
  it('matmul', () => {
    const r = checkGradients({ inputs: [{ shape: [3, 5] }, { shape: [5, 4] }], forward: ([a, b]) => matmul(a, b) });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(35);
  });

  it('linear with bias', () => {
    const r = checkGradients({
      inputs: [{ shape: [3, 5] }, { shape: [4, 5] }, { shape: [4] }],
      forward: ([x, w, b]) => linear(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('linear through a frozen weight still gives the input its gradient', () => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3] }, { shape: [4, 3], requiresGrad: false }],
      forward: ([x, w]) => linear(x, w, null),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(6);
  });

  it('rejects mismatched inner dimensions with a clear error', () => {
    expect(() =>
      checkGradients({ inputs: [{ shape: [3, 5] }, { shape: [4, 4] }], forward: ([a, b]) => matmul(a, b) }),
    ).toThrow(/inner dimensions differ/);
  });
});
