import { describe, expect, it } from 'vitest';
import {
  type ReduceKind,
  reduceBackward,
  reduceForward,
  shapeSize,
  sumToShape,
} from '../../../../src/engine/reference/reduce';
import { expectVjpMatchesFiniteDifferences, randomArray } from '../ops-common/vjp-check';

const shape = [3, 5, 2, 3];
const axesCases: Array<[string, number[] | undefined]> = [
  ['all', undefined],
  ['per-channel', [0, 2, 3]],
  ['spatial', [2, 3]],
  ['per-sample', [1, 2, 3]],
  ['batch only', [0]],
];

describe('reduce reference', () => {
  for (const kind of ['sum', 'mean'] as ReduceKind[]) {
    it.each(axesCases)(`${kind} backward matches finite differences: %s`, (_name, axes) => {
      expectVjpMatchesFiniteDifferences({
        inputs: [randomArray(shapeSize(shape), 5)],
        forward: ([x]) => reduceForward(kind, x, shape, axes).out,
        backward: (_x, dy) => [reduceBackward(kind, shape, axes, dy)],
      });
    });
  }

  it('keeps reduced axes with length 1 and averages per channel', () => {
    const x = new Float64Array(shapeSize([2, 2, 1, 2])).map((_, i) => i);
    const { out, shape: s } = reduceForward('mean', x, [2, 2, 1, 2], [0, 2, 3]);
    expect(s).toEqual([1, 2, 1, 1]);
    // channel 0 holds 0,1,4,5; channel 1 holds 2,3,6,7
    expect([...out]).toEqual([2.5, 4.5]);
    expect([...sumToShape(x, [2, 2, 1, 2], [2, 1, 1, 1])]).toEqual([6, 22]);
  });

  it('rejects bad axes', () => {
    expect(() => reduceForward('sum', new Float64Array(6), [2, 3], [2])).toThrow(/out of range/);
    expect(() => reduceForward('sum', new Float64Array(6), [2, 3], [1, -1])).toThrow(/repeated/);
  });
});
