import { describe, expect, it } from 'vitest';
import { concat, flipHorizontal, pad, reshape, slice } from '../../../../src/engine/ops/shape';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkGradients } from '../fd';

describe('shape ops on the float64 engine (autograd wiring vs finite differences)', () => {
  it.each([0, 1] as const)('concat along %i with a frozen middle input', (axis) => {
    const shapes =
      axis === 0
        ? [
            [1, 2, 2, 3],
            [2, 2, 2, 3],
            [1, 2, 2, 3],
          ]
        : [
            [2, 1, 2, 3],
            [2, 3, 2, 3],
            [2, 2, 2, 3],
          ];
    const r = checkGradients({
      inputs: shapes.map((shape, i) => ({ shape, requiresGrad: i !== 1 })),
      forward: (xs) => concat(xs, axis),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('slice, pad (both modes) and flip', () => {
    for (const forward of [
      ([x]: Tensor[]) => slice(x, 1, 1, 2),
      ([x]: Tensor[]) => pad(x, [1, 2, 2, 0], 'zero'),
      ([x]: Tensor[]) => pad(x, [1, 2, 2, 0], 'replicate'),
      ([x]: Tensor[]) => flipHorizontal(x),
      ([x]: Tensor[]) => reshape(x, [6, 6]),
    ]) {
      const r = checkGradients({ inputs: [{ shape: [2, 3, 2, 3] }], forward });
      expect(r.ok, r.report).toBe(true);
    }
  });

  it('rejects a reshape that changes the size', () => {
    expect(() => checkGradients({ inputs: [{ shape: [2, 3] }], forward: ([x]) => reshape(x, [5]) })).toThrow(/holds 5/);
  });

  it('rejects an out-of-range slice', () => {
    expect(() => checkGradients({ inputs: [{ shape: [1, 2, 1, 1] }], forward: ([x]) => slice(x, 1, 1, 2) })).toThrow(
      /outside axis/,
    );
  });
});
