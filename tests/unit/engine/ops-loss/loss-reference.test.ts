import { describe, expect, it } from 'vitest';
import {
  MAX_LOSS_GROUPS,
  maskedL1Backward,
  maskedL1Forward,
  maskedL1GroupsBackward,
  maskedL1GroupsForward,
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

  it.each([
    [
      [3, 3, 3, 5],
      [3, 1, 3, 5],
      [1, 2],
    ],
    [
      [5, 3, 3, 5],
      [5, 3, 3, 5],
      [2, 1, 2],
    ],
    [
      [5, 2, 3, 3],
      [5, 1, 3, 3],
      [1, 1, 1, 1, 1],
    ],
  ])(
    'grouped masked L1 on %j, mask %j, groups %j matches finite differences (a, b and mask)',
    (shape, maskShape, groups) => {
      const n = shape.reduce((x, y) => x * y, 1);
      const b = randomArray(n, 61);
      const a = b.map((v, i) => v + randomAwayFromZero(n, 62)[i]);
      const mask = randomArray(
        maskShape.reduce((x, y) => x * y, 1),
        63,
        0.1,
        1,
      );
      expectVjpMatchesFiniteDifferences({
        inputs: [a, b, mask],
        forward: ([x, y, m]) => maskedL1GroupsForward(x, y, shape, m, maskShape, groups).loss,
        backward: ([x, y, m], g) => {
          const { da, db, dmask } = maskedL1GroupsBackward(x, y, shape, m, maskShape, groups, g);
          return [da, db, dmask];
        },
      });
    },
  );

  it('each group of the grouped masked L1 is the masked L1 of its samples; one group is masked L1', () => {
    const shape = [5, 3, 3, 5];
    const maskShape = [5, 1, 3, 5];
    const per = 3 * 3 * 5;
    const a = randomArray(5 * per, 64);
    const b = randomArray(5 * per, 65);
    const mask = randomArray(5 * 15, 66, 0, 1);
    const groups = [2, 1, 2];
    const { loss, maskSum } = maskedL1GroupsForward(a, b, shape, mask, maskShape, groups);
    let first = 0;
    groups.forEach((count, g) => {
      const part = (x: Float64Array, len: number) => x.subarray(first * len, (first + count) * len);
      const want = maskedL1Forward(part(a, per), part(b, per), [count, 3, 3, 5], part(mask, 15), [count, 1, 3, 5]);
      expect(loss[g]).toBeCloseTo(want.loss, 14);
      expect(maskSum[g]).toBeCloseTo(want.maskSum, 14);
      first += count;
    });
    const whole = maskedL1GroupsForward(a, b, shape, mask, maskShape, [5]);
    expect(whole.loss[0]).toBe(maskedL1Forward(a, b, shape, mask, maskShape).loss);
    // A group whose mask is 0 everywhere gives NaN (0 / 0), as masked L1 does; the others are unaffected.
    const holed = mask.slice();
    holed.fill(0, 2 * 15, 3 * 15);
    const r = maskedL1GroupsForward(a, b, shape, holed, maskShape, groups);
    expect(Number.isNaN(r.loss[1])).toBe(true);
    expect(r.loss[0]).toBe(loss[0]);
    expect(r.loss[2]).toBe(loss[2]);
  });

  it('grouped masked L1 refuses groups that do not split the samples, naming shape and groups', () => {
    const a = new Float64Array(3 * 2);
    const call = (groups: number[]) => () => maskedL1GroupsForward(a, a, [3, 2, 1, 1], a, [3, 2, 1, 1], groups);
    expect(call([1, 1])).toThrow('groups [1, 1] of [3, 2, 1, 1]: the groups sum to 2, not to the 3 samples');
    expect(call([1, 0, 2])).toThrow(/groups \[1, 0, 2\] of \[3, 2, 1, 1\]: every group must count a positive integer/);
    expect(call([1, -1, 3])).toThrow(/positive integer/);
    expect(call([1.5, 1.5])).toThrow(/positive integer/);
    expect(call([])).toThrow(`between 1 and ${MAX_LOSS_GROUPS} groups`);
    const many = new Float64Array(16);
    expect(() => maskedL1GroupsForward(many, many, [16, 1, 1, 1], many, [16, 1, 1, 1], Array(16).fill(1))).toThrow(
      `between 1 and ${MAX_LOSS_GROUPS} groups are supported`,
    );
    expect(MAX_LOSS_GROUPS).toBeGreaterThanOrEqual(8);
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
