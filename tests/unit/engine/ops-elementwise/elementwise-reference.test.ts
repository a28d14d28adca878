import { describe, expect, it } from 'vitest';
import {
  type BinaryOp,
  binaryBackward,
  binaryForward,
  broadcastShapes,
} from '../../../../src/engine/reference/elementwise';
import { shapeSize } from '../../../../src/engine/reference/reduce';
import { expectVjpMatchesFiniteDifferences, randomArray } from '../ops-common/vjp-check';

const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
// The method's broadcasting cases on an awkward [2,5,3,4] tensor: same shape, per-channel, per-sample, mask-like,
// scalar (rank 0 and rank 1), and both operands broadcasting at once.
const cases: Array<[string, number[], number[]]> = [
  ['same shape', [2, 5, 3, 4], [2, 5, 3, 4]],
  ['per-channel', [2, 5, 3, 4], [1, 5, 1, 1]],
  ['per-sample', [2, 5, 3, 4], [2, 1, 1, 1]],
  ['mask over channels', [2, 5, 3, 4], [2, 1, 3, 4]],
  ['scalar rank 0', [2, 5, 3, 4], []],
  ['scalar rank 1', [1], [2, 5, 3, 4]],
  ['both broadcast', [2, 1, 3, 1], [1, 5, 1, 4]],
];

describe('elementwise reference', () => {
  for (const op of ops) {
    it.each(cases)(`${op} backward matches finite differences: %s`, (_name, aShape, bShape) => {
      const a = randomArray(shapeSize(aShape), 3);
      // Divisors stay away from zero so the quotient is smooth over the difference stencil.
      const b = randomArray(shapeSize(bShape), 4, 0.5, 1.5);
      expectVjpMatchesFiniteDifferences({
        inputs: [a, b],
        forward: ([x, y]) => binaryForward(op, x, aShape, y, bShape).out,
        backward: ([x, y], dy) => {
          const { da, db } = binaryBackward(op, x, aShape, y, bShape, dy);
          return [da, db];
        },
      });
    });
  }

  it('broadcasts shapes like NumPy and rejects mismatches', () => {
    expect(broadcastShapes([2, 5, 3, 4], [5, 1, 1])).toEqual([2, 5, 3, 4]);
    expect(broadcastShapes([], [3])).toEqual([3]);
    expect(() => broadcastShapes([2, 5], [3, 5])).toThrow(/do not broadcast/);
  });

  it('computes a per-channel product', () => {
    const { out, shape } = binaryForward(
      'mul',
      new Float64Array([1, 2, 3, 4]),
      [1, 2, 2, 1],
      new Float64Array([10, -1]),
      [1, 2, 1, 1],
    );
    expect(shape).toEqual([1, 2, 2, 1]);
    expect([...out]).toEqual([10, 20, -3, -4]);
  });
});
