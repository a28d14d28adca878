import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { countNonFinite } from '../../../../src/engine/ops/check';
import { countNonFinite as referenceCount } from '../../../../src/engine/reference/check';

describe('check family (float64 reference and CPU kernel)', () => {
  it('counts NaN, +Inf and -Inf, not large, tiny or negative-zero values', () => {
    expect(referenceCount([0, -0, 1e38, -1e38, 1e-45, Number.NaN, Infinity, -Infinity, 3])).toBe(3);
    expect(referenceCount([])).toBe(0);
  });

  it('adds the counts of several tensors into one counter', async () => {
    const backend = new CpuBackend();
    const a = backend.fromArray([1, Number.NaN, 2], [3]);
    const b = backend.fromArray([Infinity, -Infinity, 0, Number.NaN], [2, 2]);
    const clean = backend.fromArray([1, 2], [2]);
    const counter = countNonFinite(backend, [a, b, clean]);
    expect(counter.shape).toEqual([1]);
    expect(Array.from(await counter.read())).toEqual([4]);
    expect(Array.from(await countNonFinite(backend, [clean]).read())).toEqual([0]);
    expect(Array.from(await countNonFinite(backend, []).read())).toEqual([0]);
  });
});
