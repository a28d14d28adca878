/** Finite-difference helpers for the renderer's float64 reference (central differences on a random projection). */
import { expect } from 'vitest';

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
  let scale = 1e-12;
  for (let i = 0; i < analytic.length; i++) scale = Math.max(scale, Math.abs(analytic[i]));
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + eps;
    const up = loss(x);
    x[i] = keep - eps;
    const down = loss(x);
    x[i] = keep;
    const numeric = (up - down) / (2 * eps);
    const err = Math.abs(numeric - analytic[i]) / scale;
    if (err > worst) {
      worst = err;
      worstIndex = i;
    }
  }
  expect(worst, `${name}: worst relative error at index ${worstIndex} (scale ${scale})`).toBeLessThan(tol);
  expect(scale, `${name}: gradient is not identically zero`).toBeGreaterThan(1e-9);
}
