import { describe, expect, it } from 'vitest';
import { makeCamera, pixelRay } from '../../../src/render/reference/camera';
import { normalsBackward, normalsForward } from '../../../src/render/reference/normals';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';
import { bumpyDepth } from './scenes';

describe('normals from depth (float64 reference)', () => {
  it('gives (0, 0, 1) for a fronto-parallel plane and on the border', () => {
    const n = normalsForward(new Float64Array(6 * 7).fill(1.1), 1, 6, 7);
    const hw = 42;
    for (let i = 0; i < hw; i++) {
      expect(Math.abs(n[i])).toBeLessThan(1e-12);
      expect(Math.abs(n[hw + i])).toBeLessThan(1e-12);
      // |t_u x t_v| is only ~(2d/f)^2 ~ 4e-3 here, so the reference's eps 1e-7 shortens it by ~3e-5.
      expect(n[2 * hw + i]).toBeCloseTo(1, 3);
    }
  });

  it("matches a sphere's analytic normals (pointing from the surface to the centre: +z faces the camera)", () => {
    const S = 64;
    const cam = makeCamera(S, S);
    const centre = [0, 0, 1.5];
    const radius = 0.1;
    const depth = new Float64Array(S * S).fill(2);
    const hit = new Uint8Array(S * S);
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < S; c++) {
        const ray = pixelRay(cam, r, c);
        // |d ray - centre|^2 = radius^2, nearest root.
        const a = dot(ray, ray);
        const b = -2 * dot(ray, centre);
        const k = dot(centre, centre) - radius * radius;
        const disc = b * b - 4 * a * k;
        if (disc <= 0) continue;
        depth[r * S + c] = (-b - Math.sqrt(disc)) / (2 * a);
        hit[r * S + c] = 1;
      }
    }
    const n = normalsForward(depth, 1, S, S);
    let checked = 0;
    let worstDeg = 0;
    for (let r = 1; r < S - 1; r++) {
      for (let c = 1; c < S - 1; c++) {
        const d = depth[r * S + c];
        const p = pixelRay(cam, r, c).map((v) => v * d);
        const analytic = centre.map((v, i) => (v - p[i]) / radius);
        // Away from the silhouette, where central differences straddle the sphere's edge.
        if (!hit[r * S + c] || Math.hypot(p[0], p[1]) > 0.7 * radius) continue;
        const m = [0, 1, 2].map((k) => n[k * S * S + r * S + c]);
        // The reference's eps shortens the tiny cross product by ~0.3% at 64 px: compare directions only.
        const cos = dot(analytic, m) / Math.hypot(m[0], m[1], m[2]);
        worstDeg = Math.max(worstDeg, (Math.acos(Math.min(1, cos)) * 180) / Math.PI);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(worstDeg).toBeLessThan(0.5);
  });

  for (const [batch, h, w] of [
    [1, 8, 8],
    [2, 12, 10],
  ]) {
    it(`backward matches finite differences (${batch}x${h}x${w})`, () => {
      const depth = bumpyDepth(batch, h, w, 11, 0.05);
      const g = randomArray(batch * 3 * h * w, seededRandom(5));
      const analytic = normalsBackward(depth, g, batch, h, w);
      expectGradientMatches('normals', depth, (d) => dot(normalsForward(d, batch, h, w), g), analytic);
    });
  }
});
