import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { mean, sum } from '../../../../src/engine/ops/reduce';
import { checkGradients } from '../fd';

describe('reduce ops on the float64 engine (autograd wiring vs finite differences)', () => {
  it.each([
    ['all', undefined, false],
    ['per-channel', [0, 2, 3], false],
    ['spatial kept', [2, 3], true],
    ['last axis', [-1], false],
  ] as Array<[string, number[] | undefined, boolean]>)('sum and mean over %s', (_name, axes, keepDims) => {
    for (const op of [sum, mean]) {
      const r = checkGradients({ inputs: [{ shape: [2, 3, 2, 3] }], forward: ([x]) => op(x, { axes, keepDims }) });
      expect(r.ok, r.report).toBe(true);
    }
  });

  it('drops or keeps the reduced axes', () => {
    const backend = new CpuBackend();
    const x = backend.fromArray([1, 2, 3, 4, 5, 6], [1, 2, 1, 3]);
    expect(sum(x).shape).toEqual([]);
    expect(mean(x, { axes: [0, 2, 3] }).shape).toEqual([2]);
    expect(mean(x, { axes: [0, 2, 3], keepDims: true }).shape).toEqual([1, 2, 1, 1]);
    expect([...backend.data(mean(x, { axes: [0, 2, 3] }))]).toEqual([2, 5]);
  });
});
