import { describe, expect, it } from 'vitest';
import { compareArrays, maxAbs } from '../tolerance';

describe('compareArrays (the test layers’ one tolerance helper)', () => {
  it('holds |got - want| <= atol + rtol |want| entry by entry and reports the worst entry', () => {
    const want = [1, -2, 100, 0];
    const got = [1.0005, -2, 100.05, 0.0004];
    const c = compareArrays(got, want, { atol: 1e-3, rtol: 1e-3 }, 'x');
    expect(c.ok).toBe(true);
    expect(c.mismatches).toBe(0);
    expect(c.maxAbs).toBeCloseTo(0.05, 12);
    expect(c.maxRel).toBeCloseTo(5e-4, 12); // over |want| > atol: 0.0005 / 1, 0.05 / 100
    expect(c.worstRatio).toBeCloseTo(0.05 / (1e-3 + 0.1), 12);
    expect(c.worstIndex).toBe(2);
    expect(c.report).toMatch(/^x: ok, max \|diff\| 5\.00e-2, .*at \[2\].*0 of 4 outside atol 0\.001, rtol 0\.001$/);

    const bad = compareArrays(got, want, { atol: 1e-4 }, 'x');
    expect(bad.ok).toBe(false);
    expect(bad.mismatches).toBe(3);
    expect(bad.worstRatio).toBeCloseTo(500, 9);
    expect(bad.report).toMatch(/^x: FAIL/);
    expect(compareArrays(got, want, { atol: 1e-4, allowedMismatches: 3 }).ok).toBe(true);
  });

  it('defaults to zero tolerance: equal arrays pass with ratio 0, any difference fails with ratio Infinity', () => {
    const same = compareArrays([1, 2], [1, 2]);
    expect([same.ok, same.maxAbs, same.worstRatio, same.worstIndex]).toEqual([true, 0, 0, -1]);
    const off = compareArrays([1, 2], [1, 2 + 1e-12]);
    expect([off.ok, off.worstRatio, off.worstIndex]).toEqual([false, Number.POSITIVE_INFINITY, 1]);
  });

  it('fails on NaN (maxAbs and worstRatio Infinity) and on different lengths', () => {
    const c = compareArrays([1, Number.NaN], [1, 1], { atol: 1 });
    expect([c.ok, c.maxAbs, c.worstRatio, c.mismatches]).toEqual([
      false,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      1,
    ]);
    const short = compareArrays([1], [1, 2], { atol: 1 }, 'y');
    expect([short.ok, short.maxAbs, short.report]).toEqual([false, Number.POSITIVE_INFINITY, 'y: FAIL, length 1 vs 2']);
  });

  it('symmetric takes rtol of max(|got|, |want|)', () => {
    expect(compareArrays([2], [1], { rtol: 0.6 }).ok).toBe(false); // 1 > 0.6 * 1
    expect(compareArrays([2], [1], { rtol: 0.6, symmetric: true }).ok).toBe(true); // 1 <= 0.6 * 2
  });

  it('maxAbs is max |v| and lets NaN through', () => {
    expect(maxAbs([1, -3, 2])).toBe(3);
    expect(maxAbs([])).toBe(0);
    expect(maxAbs([1, Number.NaN])).toBeNaN();
  });
});
