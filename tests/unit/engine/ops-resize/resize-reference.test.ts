import { describe, expect, it } from 'vitest';
import { type ResizeMode, resizeBackward, resizeForward } from '../../../../src/engine/reference/resize';
import { expectVjpMatchesFiniteDifferences, randomArray } from '../ops-common/vjp-check';

const cases: Array<[ResizeMode, number[], number?, number?]> = [
  ['nearest2x', [2, 3, 3, 4]],
  ['avgpool2', [2, 3, 5, 6]],
  ['bilinear', [2, 3, 5, 4], 7, 9],
  ['bilinear', [1, 2, 7, 9], 3, 4],
  ['area', [2, 3, 7, 9], 3, 4],
  ['area', [1, 2, 8, 8], 4, 4],
];

describe('resize reference', () => {
  it.each(cases)('%s on %j backward matches finite differences', (mode, shape, oh, ow) => {
    const size = shape.reduce((a, b) => a * b, 1);
    expectVjpMatchesFiniteDifferences({
      inputs: [randomArray(size, 31)],
      forward: ([x]) => resizeForward(mode, x, shape, oh, ow).out,
      backward: (_x, dy) => [resizeBackward(mode, shape, dy, oh, ow)],
    });
  });

  it('matches hand-computed PyTorch values', () => {
    const x = new Float64Array([1, 2, 3, 4]);
    // F.interpolate([[1,2],[3,4]], size=(4,4), mode='bilinear', align_corners=False), first row.
    expect([...resizeForward('bilinear', x, [1, 1, 2, 2], 4, 4).out.subarray(0, 4)]).toEqual([1, 1.25, 1.75, 2]);
    expect([...resizeForward('avgpool2', x, [1, 1, 2, 2]).out]).toEqual([2.5]);
    expect([...resizeForward('nearest2x', x, [1, 1, 2, 2]).out.subarray(0, 4)]).toEqual([1, 1, 2, 2]);
    // adaptive_avg_pool1d over 3 values into 2 bins: [0,2) and [1,3).
    expect([...resizeForward('area', new Float64Array([1, 2, 4]), [1, 1, 1, 3], 1, 2).out]).toEqual([1.5, 3]);
  });

  it('rejects an area resize that would upsample', () => {
    expect(() => resizeForward('area', new Float64Array(4), [1, 1, 2, 2], 3, 3)).toThrow(/only downsamples/);
  });
});
