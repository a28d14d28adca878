import { describe, expect, it } from 'vitest';
import {
  maskedL1Backward,
  maskedL1Forward,
  mseBackward,
  mseForward,
  smoothnessBackward,
  smoothnessForward,
} from '../../../../src/engine/reference/loss';
import { expectVjpMatchesFiniteDifferences, randomArray, randomAwayFromZero } from '../ops-common/vjp-check';

const scalar = (v: number) => new Float64Array([v]);

describe('loss reference', () => {
  it.each([
    [
      [2, 3, 3, 4],
      [2, 1, 3, 4],
    ],
    [
      [2, 3, 3, 4],
      [2, 3, 3, 4],
    ],
  ])('masked L1 on %j with mask %j matches finite differences (a, b and mask)', (shape, maskShape) => {
    const n = shape.reduce((x, y) => x * y, 1);
    const b = randomArray(n, 51);
    // a - b stays away from 0 so |a - b| is smooth over the stencil.
    const a = b.map((v, i) => v + randomAwayFromZero(n, 52)[i]);
    const mask = randomArray(
      maskShape.reduce((x, y) => x * y, 1),
      53,
      0.1,
      1,
    );
    expectVjpMatchesFiniteDifferences({
      inputs: [a, b, mask],
      forward: ([x, y, m]) => scalar(maskedL1Forward(x, y, shape, m, maskShape).loss),
      backward: ([x, y, m], g) => {
        const { da, db, dmask } = maskedL1Backward(x, y, shape, m, maskShape, g[0]);
        return [da, db, dmask];
      },
    });
  });

  it('masked L1 counts the mask once per channel in its denominator', () => {
    const a = new Float64Array([1, 1, 3, 3]); // [1,2,1,2]
    const b = new Float64Array(4);
    const mask = new Float64Array([1, 0]); // [1,1,1,2]
    const { loss, maskSum } = maskedL1Forward(a, b, [1, 2, 1, 2], mask, [1, 1, 1, 2]);
    expect(maskSum).toBe(2);
    expect(loss).toBe(2);
    expect(() => maskedL1Forward(a, b, [1, 2, 1, 2], mask, [1, 2, 1, 1])).toThrow(/does not broadcast/);
  });

  it('MSE matches finite differences', () => {
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(30, 54), randomArray(30, 55)],
      forward: ([x, y]) => scalar(mseForward(x, y)),
      backward: ([x, y], g) => {
        const { da, db } = mseBackward(x, y, g[0]);
        return [da, db];
      },
    });
  });

  it('smoothness matches finite differences on a smooth-free random map', () => {
    const shape = [2, 2, 5, 6];
    // Random values make every second difference non-zero with probability 1, away from the |.| kink.
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(120, 56)],
      forward: ([x]) => scalar(smoothnessForward(x, shape)),
      backward: ([x], g) => [smoothnessBackward(x, shape, g[0])],
    });
  });

  it('smoothness is zero on a plane and matches a hand-computed value', () => {
    const plane = new Float64Array(12).map((_, i) => 0.5 * (i % 4) - 0.25 * Math.floor(i / 4));
    expect(smoothnessForward(plane, [1, 1, 3, 4])).toBeCloseTo(0, 14);
    // x = j^2 on a 3x3 map: dx_x = 2 everywhere (3 values), others 0 -> loss = 2.
    const parabola = new Float64Array([0, 1, 4, 0, 1, 4, 0, 1, 4]);
    expect(smoothnessForward(parabola, [1, 1, 3, 3])).toBeCloseTo(2, 14);
    expect(() => smoothnessForward(new Float64Array(4), [1, 1, 2, 2])).toThrow(/at least 3x3/);
  });
});
