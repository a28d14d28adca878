import { describe, expect, it } from 'vitest';
import { add, affine, div, mul, sub } from '../../../../src/engine/ops/elementwise';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkGradients } from '../fd';

const ops: Array<[string, (a: Tensor, b: Tensor) => Tensor]> = [
  ['add', add],
  ['sub', sub],
  ['mul', mul],
  ['div', div],
];

describe('elementwise ops on the float64 engine (autograd wiring vs finite differences)', () => {
  for (const [name, op] of ops) {
    it.each([
      ['same shape', [2, 3, 2, 2], [2, 3, 2, 2]],
      ['per-channel', [2, 3, 2, 2], [1, 3, 1, 1]],
      ['scalar', [], [2, 3, 2, 2]],
      ['mask', [2, 3, 2, 2], [2, 1, 2, 2]],
    ])(`${name}: %s`, (_case, aShape, bShape) => {
      const r = checkGradients({
        inputs: [{ shape: aShape }, { shape: bShape, low: 0.5, high: 1.5 }],
        forward: ([a, b]) => op(a, b),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('mul through a frozen operand gives the other its gradient only', () => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3] }, { shape: [1, 3], requiresGrad: false }],
      forward: ([a, b]) => mul(a, b),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(6);
  });

  it('x * x sums both paths', () => {
    const r = checkGradients({ inputs: [{ shape: [5] }], forward: ([x]) => mul(x, x) });
    expect(r.ok, r.report).toBe(true);
  });

  it('affine', () => {
    const r = checkGradients({ inputs: [{ shape: [2, 3] }], forward: ([x]) => affine(x, -0.3, 2) });
    expect(r.ok, r.report).toBe(true);
  });

  it('rejects shapes that do not broadcast', () => {
    expect(() =>
      checkGradients({ inputs: [{ shape: [2, 3] }, { shape: [3, 2] }], forward: ([a, b]) => add(a, b) }),
    ).toThrow(/do not broadcast/);
  });
});
