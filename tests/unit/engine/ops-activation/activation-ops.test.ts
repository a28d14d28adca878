import { describe, expect, it } from 'vitest';
import { leakyRelu, relu, sigmoid, softplus, tanh } from '../../../../src/engine/ops/activation';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkGradients } from '../fd';
import { randomAwayFromZero } from '../ops-common/vjp-check';

describe('activation ops on the float64 engine (autograd wiring vs finite differences)', () => {
  it.each([
    ['relu', relu],
    ['leaky_relu', (x: Tensor) => leakyRelu(x)],
    ['tanh', tanh],
    ['sigmoid', sigmoid],
    ['softplus', softplus],
  ] as Array<[string, (x: Tensor) => Tensor]>)('%s', (_name, op) => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3, 2, 3], data: randomAwayFromZero(36, 3).map((v) => 3 * v) }],
      forward: ([x]) => op(x),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(36);
  });

  it('rejects a non-finite slope', () => {
    expect(() => checkGradients({ inputs: [{ shape: [2] }], forward: ([x]) => leakyRelu(x, Number.NaN) })).toThrow(
      /finite/,
    );
  });
});
