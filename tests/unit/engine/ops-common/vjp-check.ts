/**
 * Finite-difference check of a vector-Jacobian product, for the float64 reference ops.
 * The scalar probed is L(inputs) = sum(w * forward(inputs)) with a fixed random w, so one check covers the whole
 * Jacobian of a multi-output op: backward(inputs, w) must equal dL/dinputs, measured by central differences.
 */
import { expect } from 'vitest';
import { compareArrays } from '../../../tolerance';

/** Deterministic uniform numbers in [lo, hi) (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): (lo?: number, hi?: number) => number {
  let state = seed >>> 0;
  return (lo = -1, hi = 1) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * unit;
  };
}

export function randomArray(length: number, seed: number, lo = -1, hi = 1): Float64Array {
  const next = seededRandom(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = next(lo, hi);
  return out;
}

/** Random values whose magnitude is at least `gap`, so kinks at 0 (relu, abs) stay out of the difference stencil. */
export function randomAwayFromZero(length: number, seed: number, gap = 0.05): Float64Array {
  const next = seededRandom(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const magnitude = next(gap, 1);
    out[i] = next() < 0 ? -magnitude : magnitude;
  }
  return out;
}

export interface VjpCheck {
  inputs: Float64Array[];
  forward: (inputs: Float64Array[]) => Float64Array;
  backward: (inputs: Float64Array[], outputGrad: Float64Array) => Float64Array[];
  /** Indices of the inputs to check (default: all). */
  check?: number[];
  seed?: number;
  eps?: number;
  rtol?: number;
  atol?: number;
}

/** Asserts the analytic gradients against central differences; returns the worst absolute error seen. */
export function expectVjpMatchesFiniteDifferences(spec: VjpCheck): number {
  const eps = spec.eps ?? 1e-6;
  const rtol = spec.rtol ?? 1e-6;
  const atol = spec.atol ?? 1e-7;
  const inputs = spec.inputs.map((x) => x.slice());
  const outLength = spec.forward(inputs).length;
  const weights = randomArray(outLength, spec.seed ?? 7);
  const scalar = (): number => {
    const y = spec.forward(inputs);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += weights[i] * y[i];
    return s;
  };
  const analytic = spec.backward(inputs, weights);
  let worst = 0;
  for (const k of spec.check ?? inputs.map((_, i) => i)) {
    const x = inputs[k];
    expect(analytic[k].length, `gradient ${k} length`).toBe(x.length);
    const numeric = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const saved = x[i];
      x[i] = saved + eps;
      const plus = scalar();
      x[i] = saved - eps;
      const minus = scalar();
      x[i] = saved;
      numeric[i] = (plus - minus) / (2 * eps);
    }
    // |analytic - numeric| <= atol + rtol max(|analytic|, |numeric|)
    const c = compareArrays(analytic[k], numeric, { atol, rtol, symmetric: true }, `input ${k} gradient`);
    if (!c.ok) expect.fail(c.report);
    worst = Math.max(worst, c.maxAbs);
  }
  return worst;
}
