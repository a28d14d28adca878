/** Finite-difference helpers for the renderer's float64 reference (central differences on a random projection). */
import { expect } from 'vitest';
import { compareArrays, maxAbs } from '../../tolerance';

export { dot, randomArray, seededRandom } from './random';

/**
 * Checks `analytic` = d loss / d x by central differences, where loss(x) is a scalar function. Tolerance is
 * relative to the largest gradient entry, since entries can be exactly zero.
 */
export function expectGradientMatches(
  name: string,
  x: Float64Array,
  loss: (x: Float64Array) => number,
  analytic: ArrayLike<number>,
  { eps = 1e-6, tol = 1e-6 }: { eps?: number; tol?: number } = {},
): void {
  expect(analytic.length, `${name} gradient length`).toBe(x.length);
  const scale = Math.max(1e-12, maxAbs(analytic));
  const numeric = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + eps;
    const up = loss(x);
    x[i] = keep - eps;
    const down = loss(x);
    x[i] = keep;
    numeric[i] = (up - down) / (2 * eps);
  }
  // |analytic - numeric| < tol * scale
  const c = compareArrays(analytic, numeric, { atol: tol * scale }, `${name} gradient (scale ${scale})`);
  expect(c.worstRatio, c.report).toBeLessThan(1);
  expect(scale, `${name}: gradient is not identically zero`).toBeGreaterThan(1e-9);
}
