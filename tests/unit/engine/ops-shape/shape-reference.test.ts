import { describe, expect, it } from 'vitest';
import {
  concatBackward,
  concatForward,
  flipHorizontal,
  type PadMode,
  type Pads,
  padBackward,
  padForward,
  sliceBackward,
  sliceForward,
} from '../../../../src/engine/reference/shape';
import { expectVjpMatchesFiniteDifferences, randomArray } from '../ops-common/vjp-check';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('shape reference', () => {
  it.each([0, 1] as const)('concat along axis %i is adjoint to its backward', (axis) => {
    const shapes =
      axis === 0
        ? [
            [1, 3, 2, 3],
            [2, 3, 2, 3],
          ]
        : [
            [2, 1, 2, 3],
            [2, 4, 2, 3],
          ];
    expectVjpMatchesFiniteDifferences({
      inputs: shapes.map((s, i) => randomArray(size(s), 40 + i)),
      forward: (xs) => concatForward(xs, shapes, axis).out,
      backward: (_xs, dy) => concatBackward(shapes, axis, dy),
    });
  });

  it.each([0, 1] as const)('slice along axis %i is adjoint to its backward', (axis) => {
    const shape = [3, 5, 2, 3];
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(size(shape), 44)],
      forward: ([x]) => sliceForward(x, shape, axis, 1, 2).out,
      backward: (_x, dy) => [sliceBackward(shape, axis, 1, 2, dy)],
    });
  });

  it.each([
    ['zero', [1, 2, 0, 3]],
    ['replicate', [2, 1, 3, 1]],
  ] as Array<[PadMode, Pads]>)('%s pad %j is adjoint to its backward', (mode, pads) => {
    const shape = [2, 2, 3, 4];
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(size(shape), 45)],
      forward: ([x]) => padForward(x, shape, pads, mode).out,
      backward: (_x, dy) => [padBackward(shape, pads, mode, dy)],
    });
  });

  it('flip is adjoint to itself', () => {
    const shape = [2, 3, 2, 5];
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(size(shape), 46)],
      forward: ([x]) => flipHorizontal(x, shape),
      backward: (_x, dy) => [flipHorizontal(dy, shape)],
    });
  });

  it('concatenates, slices, pads and flips the expected values', () => {
    const a = new Float64Array([1, 2]);
    const b = new Float64Array([3, 4, 5, 6]);
    expect([
      ...concatForward(
        [a, b],
        [
          [1, 1, 1, 2],
          [1, 2, 1, 2],
        ],
        1,
      ).out,
    ]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...sliceForward(b, [2, 1, 1, 2], 0, 1, 1).out]).toEqual([5, 6]);
    expect([...padForward(a, [1, 1, 1, 2], [1, 2, 0, 0], 'replicate').out]).toEqual([1, 1, 2, 2, 2]);
    expect([...padForward(a, [1, 1, 1, 2], [1, 0, 1, 0], 'zero').out]).toEqual([0, 0, 0, 0, 1, 2]);
    expect([...flipHorizontal(new Float64Array([1, 2, 3]), [1, 1, 1, 3])]).toEqual([3, 2, 1]);
  });

  it('rejects bad arguments', () => {
    expect(() => sliceForward(new Float64Array(6), [1, 3, 1, 2], 1, 2, 2)).toThrow(/outside axis/);
    expect(() =>
      concatForward(
        [a1(), a1()],
        [
          [1, 1, 1, 1],
          [1, 1, 1, 2],
        ],
        1,
      ),
    ).toThrow(/differ/);
    expect(() => padForward(new Float64Array(1), [1, 1, 1, 1], [1, -1, 0, 0], 'zero')).toThrow(/non-negative/);
  });
});

function a1(): Float64Array {
  return new Float64Array(1);
}
