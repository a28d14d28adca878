import { describe, expect, it } from 'vitest';
import {
  type ActivationKind,
  activationBackward,
  activationForward,
  softplusScalar,
} from '../../../../src/engine/reference/activation';
import { expectVjpMatchesFiniteDifferences, randomAwayFromZero } from '../ops-common/vjp-check';

const kinds: ActivationKind[] = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'softplus'];

describe('activation reference', () => {
  it.each(kinds)('%s backward matches finite differences', (kind) => {
    // Scaled to +-4 so tanh/sigmoid/softplus are probed off their linear region; kinks at 0 are avoided.
    const x = randomAwayFromZero(60, 11).map((v) => 4 * v);
    expectVjpMatchesFiniteDifferences({
      inputs: [x],
      forward: ([v]) => activationForward(kind, v),
      backward: ([v], dy) => [activationBackward(kind, v, dy)],
    });
  });

  it('follows PyTorch at the kinks and thresholds', () => {
    const x = new Float64Array([0, -2, 25, -800]);
    const ones = new Float64Array(4).fill(1);
    expect([...activationForward('leaky_relu', x)]).toEqual([0, -0.4, 25, -160]);
    expect(activationBackward('relu', x, ones)[0]).toBe(0);
    expect(activationBackward('leaky_relu', x, ones)[0]).toBeCloseTo(0.2, 15);
    expect(softplusScalar(25)).toBe(25);
    expect(softplusScalar(-800)).toBe(0);
    expect(softplusScalar(0)).toBeCloseTo(Math.LN2, 15);
    expect(activationForward('sigmoid', x)[3]).toBe(0);
  });

  it('rejects a gradient of the wrong size', () => {
    expect(() => activationBackward('tanh', new Float64Array(3), new Float64Array(2))).toThrow(/3 values/);
  });
});
