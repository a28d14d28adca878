/**
 * The test layers' one array comparison: every entry must hold |got - want| <= atol + rtol |want| (numpy.isclose's
 * form; `symmetric` takes rtol of max(|got|, |want|), math.isclose's). It returns the numbers the tests report and
 * assert on, and one readable line. No vitest import: the gpu render cases also run under plain Node
 * (tests/gpu/render/runStandalone.ts) and the e2e pages run it in the browser.
 */

export interface Tolerance {
  /** absolute tolerance (default 0) */
  atol?: number;
  /** relative tolerance (default 0), of |want| */
  rtol?: number;
  /** rtol of max(|got|, |want|) instead of |want| (finite-difference checks, where neither side is the truth) */
  symmetric?: boolean;
  /** entries allowed outside the tolerance before `ok` is false (default 0) */
  allowedMismatches?: number;
}

export interface Comparison {
  /** at most allowedMismatches entries outside the tolerance (a NaN is outside) */
  ok: boolean;
  /** max |got - want|; Infinity when a difference is NaN */
  maxAbs: number;
  /** max |got - want| / |want| over the entries with |want| > atol */
  maxRel: number;
  /** max |got - want| / tolerance (<= 1 passes); Infinity for a NaN, or for a difference under a zero tolerance */
  worstRatio: number;
  /** the entry of worstRatio, -1 when no entry differs */
  worstIndex: number;
  /** entries outside the tolerance */
  mismatches: number;
  /** one line: name, maxAbs, maxRel, the worst entry and the mismatches */
  report: string;
}

/** Compares `got` with `want` (the reference) entry by entry; arrays of different lengths fail with Infinity. */
export function compareArrays(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  { atol = 0, rtol = 0, symmetric = false, allowedMismatches = 0 }: Tolerance = {},
  name = 'values',
): Comparison {
  if (got.length !== want.length) {
    const inf = Number.POSITIVE_INFINITY;
    const report = `${name}: FAIL, length ${got.length} vs ${want.length}`;
    return {
      ok: false,
      maxAbs: inf,
      maxRel: inf,
      worstRatio: inf,
      worstIndex: -1,
      mismatches: Math.max(got.length, want.length),
      report,
    };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let worstRatio = 0;
  let worstIndex = -1;
  let mismatches = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    const scale = symmetric ? Math.max(Math.abs(got[i]), Math.abs(want[i])) : Math.abs(want[i]);
    const tol = atol + rtol * scale;
    if (!(d <= tol)) mismatches++;
    const nan = Number.isNaN(d);
    if (!(d <= maxAbs)) maxAbs = nan ? Number.POSITIVE_INFINITY : d;
    if (Math.abs(want[i]) > atol || nan)
      maxRel = Math.max(maxRel, nan ? Number.POSITIVE_INFINITY : d / Math.abs(want[i]));
    const ratio = d === 0 && tol === 0 ? 0 : d / tol;
    if (!(ratio <= worstRatio)) {
      worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
      worstIndex = i;
    }
  }
  const ok = mismatches <= allowedMismatches;
  const worst =
    worstIndex < 0
      ? 'no entry differs'
      : `worst ${worstRatio.toPrecision(3)} x tolerance at [${worstIndex}]: got ${got[worstIndex]} vs ${want[worstIndex]}`;
  const allowed = allowedMismatches ? ` (${allowedMismatches} allowed)` : '';
  const report =
    `${name}: ${ok ? 'ok' : 'FAIL'}, max |diff| ${maxAbs.toExponential(2)}, max rel ${maxRel.toExponential(2)}, ` +
    `${worst}; ${mismatches} of ${want.length} outside atol ${atol}, rtol ${rtol}${symmetric ? ' (symmetric)' : ''}${allowed}`;
  return { ok, maxAbs, maxRel, worstRatio, worstIndex, mismatches, report };
}

/** max |v| (NaN propagates), e.g. to scale a gradient's atol to its magnitude. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}
