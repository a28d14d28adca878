import { describe, expect, it } from 'vitest';
import { groupNormBackward, groupNormForward } from '../../../../src/engine/reference/norm';
import { expectVjpMatchesFiniteDifferences, randomArray } from '../ops-common/vjp-check';

describe('group_norm reference', () => {
  it.each([
    [[3, 4, 3, 2], 2],
    [[2, 6, 2, 3], 3],
    [[1, 5, 3, 3], 1],
    [[2, 5, 1, 2], 5],
  ])('backward for shape %j, %i groups matches finite differences', (shape, groups) => {
    const [n, c, h, w] = shape;
    const x = randomArray(n * c * h * w, 21, -2, 2);
    const gamma = randomArray(c, 22, 0.5, 1.5);
    const beta = randomArray(c, 23);
    expectVjpMatchesFiniteDifferences({
      inputs: [x, gamma, beta],
      forward: ([xi, g, b]) => groupNormForward(xi, shape, groups, g, b).y,
      backward: ([xi, g, b], dy) => {
        const saved = groupNormForward(xi, shape, groups, g, b);
        const { dx, dgamma, dbeta } = groupNormBackward(xi, shape, groups, g, saved, dy);
        return [dx, dgamma, dbeta];
      },
      rtol: 1e-5,
    });
  });

  it('normalises each group to zero mean and unit (biased) variance', () => {
    const shape = [2, 4, 3, 3];
    const x = randomArray(72, 9, -3, 5);
    const { y, mean, rstd } = groupNormForward(x, shape, 2, new Float64Array(4).fill(1), new Float64Array(4));
    for (let g = 0; g < 4; g++) {
      const part = y.subarray(g * 18, (g + 1) * 18);
      const m = part.reduce((a, b) => a + b, 0) / 18;
      const v = part.reduce((a, b) => a + (b - m) ** 2, 0) / 18;
      expect(m).toBeCloseTo(0, 12);
      expect(v).toBeCloseTo(1 / (1 + 1e-5 * rstd[g] ** 2), 9);
    }
    expect(mean.length).toBe(4);
  });

  it('rejects channels that do not split into groups', () => {
    const c = new Float64Array(5);
    expect(() => groupNormForward(new Float64Array(5), [1, 5, 1, 1], 2, c, c)).toThrow(/cannot be split/);
  });
});
