import { describe, expect, it } from 'vitest';
import { mean, sum } from '../../../../src/engine/ops/reduce';
import { checkParity } from '../parity';

const axesCases: Array<[string, number[] | undefined]> = [
  ['all', undefined],
  ['per-channel', [0, 2, 3]],
  ['spatial', [2, 3]],
  ['per-sample', [1, 2, 3]],
  ['batch', [0]],
  ['width', [-1]],
];

describe('reduce family: WGSL vs float64 reference', () => {
  for (const kind of ['sum', 'mean'] as const) {
    const op = kind === 'sum' ? sum : mean;
    it.each(axesCases)(`${kind} over %s of [3,5,7,9]`, async (_name, axes) => {
      const r = await checkParity({ inputs: [{ shape: [3, 5, 7, 9] }], forward: ([x]) => op(x, { axes }) });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('keepDims keeps length-1 axes', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 5, 7, 9] }],
      forward: ([x]) => mean(x, { axes: [0, 2, 3], keepDims: true }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  // 3*5*40*45 = 27000 values per channel-reduction and 27000 in total: more than one chunk, so the second pass
  // over the partial sums runs (per-channel: strided; all: contiguous).
  it.each([
    ['all', undefined],
    ['per-channel', [0, 2, 3]],
  ] as Array<[string, number[] | undefined]>)('two-level %s sum of [3,5,40,45]', async (_name, axes) => {
    const r = await checkParity({ inputs: [{ shape: [3, 5, 40, 45] }], forward: ([x]) => sum(x, { axes }) });
    expect(r.ok, r.report).toBe(true);
  });
});
