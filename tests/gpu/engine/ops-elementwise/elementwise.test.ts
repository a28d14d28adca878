import { describe, expect, it } from 'vitest';
import { add, affine, div, mul, sub } from '../../../../src/engine/ops/elementwise';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkParity } from '../parity';

const ops: Array<[string, (a: Tensor, b: Tensor) => Tensor]> = [
  ['add', add],
  ['sub', sub],
  ['mul', mul],
  ['div', div],
];
// [name, a shape, b shape]: the scalar path (W = 9), the rows-of-4 path (W = 8) and the pure vec4 path.
const cases: Array<[string, number[], number[]]> = [
  ['same shape, W 9', [3, 5, 7, 9], [3, 5, 7, 9]],
  ['same shape, vec4', [3, 5, 7, 8], [3, 5, 7, 8]],
  ['per-channel, W 9', [3, 5, 7, 9], [1, 5, 1, 1]],
  ['per-channel, W 8', [3, 5, 7, 8], [1, 5, 1, 1]],
  ['per-sample', [3, 5, 7, 9], [3, 1, 1, 1]],
  ['scalar rank 0', [3, 5, 7, 8], []],
  ['scalar first', [1], [3, 5, 7, 9]],
  ['mask over channels', [3, 5, 7, 8], [3, 1, 7, 8]],
  ['both broadcast', [3, 1, 7, 1], [1, 5, 1, 8]],
];

describe('elementwise family: WGSL vs float64 reference', () => {
  for (const [name, op] of ops) {
    it.each(cases)(`${name}: %s`, async (_case, aShape, bShape) => {
      const r = await checkParity({
        // Divisors in [0.5, 1.5] keep the quotient well conditioned in float32.
        inputs: [{ shape: aShape }, { shape: bShape, low: 0.5, high: 1.5 }],
        forward: ([a, b]) => op(a, b),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('x * x binds the same tensor twice and gets 2x dy', async () => {
    const r = await checkParity({ inputs: [{ shape: [3, 5, 7, 9] }], forward: ([x]) => mul(x, x) });
    expect(r.ok, r.report).toBe(true);
  });

  it('gradient flows to a through a frozen per-channel b', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5, 7, 9] }, { shape: [1, 5, 1, 1], requiresGrad: false, low: 0.5, high: 1.5 }],
      forward: ([a, b]) => div(a, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[3, 5, 7, 8]]])('affine on %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => affine(x, 0.1, 1) });
    expect(r.ok, r.report).toBe(true);
  });
});
