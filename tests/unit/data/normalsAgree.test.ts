/**
 * The SIDE/MAD metrics' normals (src/data/metrics/normalsFromDepth.ts) and the renderer's float64 reference
 * (src/render/reference/normals.ts) are one implementation. They agree bit for bit at the reference epsilon and
 * differ on purpose in two ways only: the layout ([H, W, 3] vs [1, 3, H, W]) and the metrics' settable epsilon
 * (0 gives exactly unit normals, the renderer always divides by |n| + 1e-7).
 */
import { describe, expect, it } from 'vitest';
import { NORMAL_EPSILON, normalsFromDepth } from '../../../src/data/metrics';
import { NORMAL_EPS, normalsForward } from '../../../src/render/reference/normals';
import { randomArray, seededRandom } from '../render/random';

const S = 24;
const depth = randomArray(S * S, seededRandom(2024), 0.9, 1.1);
const renderer = normalsForward(depth, 1, S, S);
const at = (n: Float64Array, pixel: number) => [0, 1, 2].map((k) => n[k * S * S + pixel]);

describe('metrics normals = renderer reference normals', () => {
  it('share the epsilon', () => {
    expect(NORMAL_EPSILON).toBe(NORMAL_EPS);
  });

  it('are bit-identical on a random depth map at the reference epsilon (metrics [H, W, 3], renderer [1, 3, H, W])', () => {
    const metrics = normalsFromDepth(depth, S);
    for (let p = 0; p < S * S; p++)
      expect(metrics.subarray(3 * p, 3 * p + 3)).toEqual(Float64Array.from(at(renderer, p)));
  });

  it('with epsilon 0 the metrics give unit normals in the same directions (the renderer keeps |n| / (|n| + 1e-7))', () => {
    const unit = normalsFromDepth(depth, S, 0);
    let shortest = 1;
    for (let p = 0; p < S * S; p++) {
      const m = unit.subarray(3 * p, 3 * p + 3);
      const r = at(renderer, p);
      const rLength = Math.hypot(r[0], r[1], r[2]);
      expect(Math.hypot(m[0], m[1], m[2])).toBeCloseTo(1, 14);
      for (let k = 0; k < 3; k++) expect(m[k] * rLength).toBeCloseTo(r[k], 14);
      shortest = Math.min(shortest, rLength);
    }
    // the difference is visible: at 24 px |t_u x t_v| ~ (2/f)^2 ~ 2.7e-4, so the renderer's normals are ~4e-4 short
    expect(shortest).toBeLessThan(1 - 1e-4);
  });
});
