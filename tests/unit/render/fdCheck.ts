/** Finite-difference helpers for the renderer's float64 reference (central differences on a random projection). */
import { expect } from 'vitest';

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, rand: () => number, lo = -1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

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
