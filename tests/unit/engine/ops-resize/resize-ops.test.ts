import { describe, expect, it } from 'vitest';
import { avgPool2x2, resizeArea, resizeBilinear, upsampleNearest2x } from '../../../../src/engine/ops/resize';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkGradients } from '../fd';

describe('resize ops on the float64 engine (autograd wiring vs finite differences)', () => {
  it.each([
    ['nearest x2', upsampleNearest2x],
    ['avg_pool 2x2', avgPool2x2],
    ['bilinear', (x: Tensor) => resizeBilinear(x, 5, 2)],
    ['area', (x: Tensor) => resizeArea(x, 2, 2)],
  ] as Array<[string, (x: Tensor) => Tensor]>)('%s', (_name, op) => {
    const r = checkGradients({ inputs: [{ shape: [2, 2, 3, 5] }], forward: ([x]) => op(x) });
    expect(r.ok, r.report).toBe(true);
  });

  it('rejects a missing or bad size', () => {
    expect(() =>
      checkGradients({ inputs: [{ shape: [1, 1, 2, 2] }], forward: ([x]) => resizeBilinear(x, 0, 2) }),
    ).toThrow(/positive integer/);
  });
});
