import { describe, expect, it } from 'vitest';
import { avgPool2x2, resizeArea, resizeBilinear, upsampleNearest2x } from '../../../../src/engine/ops/resize';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkParity } from '../parity';

const cases: Array<[string, number[], (x: Tensor) => Tensor]> = [
  ['nearest x2 of 7x9', [3, 5, 7, 9], upsampleNearest2x],
  ['avg_pool 2x2 of 7x9 (odd tails dropped)', [3, 5, 7, 9], avgPool2x2],
  ['avg_pool 2x2 of 8x8 (vec2 fast path)', [3, 5, 8, 8], avgPool2x2],
  ['avg_pool 2x2 of 6x10 (vec2 fast path)', [3, 5, 6, 10], avgPool2x2],
  ['nearest x2 of 1x1', [3, 5, 1, 1], upsampleNearest2x],
  ['bilinear 7x9 -> 13x20 (upsample)', [3, 5, 7, 9], (x) => resizeBilinear(x, 13, 20)],
  ['bilinear 7x9 -> 3x4 (downsample)', [3, 5, 7, 9], (x) => resizeBilinear(x, 3, 4)],
  ['bilinear 7x9 -> 7x5 (mixed)', [3, 5, 7, 9], (x) => resizeBilinear(x, 7, 5)],
  ['bilinear 1x9 -> 4x9 (single row)', [3, 5, 1, 9], (x) => resizeBilinear(x, 4, 9)],
  ['bilinear 8x8 -> 32x32 (x4)', [2, 3, 8, 8], (x) => resizeBilinear(x, 32, 32)],
  ['area 7x9 -> 3x4 (uneven bins)', [3, 5, 7, 9], (x) => resizeArea(x, 3, 4)],
  ['area 32x32 -> 8x8 (exact)', [2, 3, 32, 32], (x) => resizeArea(x, 8, 8)],
  ['area 7x9 -> 7x9 (identity)', [3, 5, 7, 9], (x) => resizeArea(x, 7, 9)],
];

describe('resize family: WGSL vs float64 reference', () => {
  it.each(cases)('%s', async (_name, shape, op) => {
    const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => op(x) });
    expect(r.ok, r.report).toBe(true);
  });
});
