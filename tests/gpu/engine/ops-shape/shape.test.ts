import { describe, expect, it } from 'vitest';
import { concat, flipHorizontal, pad, reshape, slice } from '../../../../src/engine/ops/shape';
import type { Pads } from '../../../../src/engine/reference/shape';
import { checkParity } from '../parity';

describe('shape family: WGSL vs float64 reference', () => {
  // 7x9 maps have an inner size that is not a multiple of 4 (scalar path); 4x8 maps take the vec4 path.
  it.each([
    [
      'channel, 7x9',
      1,
      [
        [3, 2, 7, 9],
        [3, 5, 7, 9],
        [3, 1, 7, 9],
      ],
    ],
    [
      'channel, 4x8 (vec4)',
      1,
      [
        [3, 2, 4, 8],
        [3, 5, 4, 8],
      ],
    ],
    [
      'batch, 7x9',
      0,
      [
        [1, 5, 7, 9],
        [2, 5, 7, 9],
      ],
    ],
    [
      'batch, 4x8 (vec4)',
      0,
      [
        [3, 5, 4, 8],
        [2, 5, 4, 8],
      ],
    ],
  ] as Array<[string, 0 | 1, number[][]]>)('concat along %s', async (_name, axis, shapes) => {
    const r = await checkParity({ inputs: shapes.map((shape) => ({ shape })), forward: (xs) => concat(xs, axis) });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([
    ['channel, 7x9', [3, 5, 7, 9], 1, 1, 3],
    ['channel, 4x8 (vec4)', [3, 5, 4, 8], 1, 4, 1],
    ['batch, 7x9', [3, 5, 7, 9], 0, 1, 2],
    ['batch, 4x8 (vec4)', [3, 5, 4, 8], 0, 0, 1],
  ] as Array<[string, number[], 0 | 1, number, number]>)(
    'slice along %s',
    async (_name, shape, axis, start, length) => {
      const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => slice(x, axis, start, length) });
      expect(r.ok, r.report).toBe(true);
    },
  );

  it.each([
    ['zero', [1, 2, 0, 3]],
    ['zero', [0, 0, 2, 2]],
    ['replicate', [2, 1, 3, 1]],
    ['replicate', [4, 4, 4, 4]],
  ] as Array<['zero' | 'replicate', Pads]>)('%s pad %j of [3,5,7,9]', async (mode, pads) => {
    const r = await checkParity({ inputs: [{ shape: [3, 5, 7, 9] }], forward: ([x]) => pad(x, pads, mode) });
    expect(r.ok, r.report).toBe(true);
  });

  it('replicate pad of a 1-pixel-wide map sends both bands to the one column', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5, 7, 1] }],
      forward: ([x]) => pad(x, [2, 3, 1, 0], 'replicate'),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[3, 5, 4, 8]]])('horizontal flip of %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => flipHorizontal(x) });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([
    [
      [3, 5, 7, 9],
      [15, 63],
    ],
    [
      [3, 8, 1, 1],
      [3, 8],
    ],
    [
      [3, 6],
      [3, 6, 1, 1],
    ],
  ])('reshape %j -> %j', async (from, to) => {
    const r = await checkParity({ inputs: [{ shape: from }], forward: ([x]) => reshape(x, to) });
    expect(r.ok, r.report).toBe(true);
  });
});
