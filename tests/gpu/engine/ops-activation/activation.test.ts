import { describe, expect, it } from 'vitest';
import { leakyRelu, relu, sigmoid, softplus, tanh } from '../../../../src/engine/ops/activation';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkParity } from '../parity';

const ops: Array<[string, (x: Tensor) => Tensor]> = [
  ['relu', relu],
  ['leaky_relu', (x) => leakyRelu(x)],
  ['tanh', tanh],
  ['sigmoid', sigmoid],
  ['softplus', softplus],
];

describe('activation family: WGSL vs float64 reference', () => {
  // 3*5*7*9 = 945 values (not a multiple of 4: scalar path) and 3*5*4*8 = 480 (vec4 path), over a range wide
  // enough to reach tanh/sigmoid saturation and the softplus threshold.
  it.each(ops)('%s, scalar path [3,5,7,9]', async (_name, op) => {
    const r = await checkParity({ inputs: [{ shape: [3, 5, 7, 9], low: -25, high: 25 }], forward: ([x]) => op(x) });
    expect(r.ok, r.report).toBe(true);
  });

  it.each(ops)('%s, vec4 path [3,5,4,8]', async (_name, op) => {
    const r = await checkParity({ inputs: [{ shape: [3, 5, 4, 8], low: -6, high: 6 }], forward: ([x]) => op(x) });
    expect(r.ok, r.report).toBe(true);
  });

  it('leaky_relu with another slope and extreme inputs stays finite', async () => {
    const data = [-1e30, -100, -1e-30, 0, 1e-30, 100, 1e30, 3];
    for (const op of [(x: Tensor) => leakyRelu(x, 0.01), tanh, sigmoid, softplus]) {
      const r = await checkParity({ inputs: [{ shape: [8], data }], forward: ([x]) => op(x), forwardOnly: true });
      expect(r.ok, r.report).toBe(true);
    }
  });
});
