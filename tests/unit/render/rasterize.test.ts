import { describe, expect, it } from 'vitest';
import {
  DEPTH_CLAMP_MAX,
  rasterizeDepthBackward,
  rasterizeDepthForward,
} from '../../../src/render/reference/rasterize';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';
import { bumpyDepth, mildViews } from './scenes';

const IDENTITY = [0, 0, 0, 0, 0, 0];

describe('depth-mesh rasterizer (float64 reference)', () => {
  it('renders a plane at depth 1 in the identity view as itself, with a 1-pixel invalid border', () => {
    const [h, w] = [9, 11];
    const out = rasterizeDepthForward(new Float64Array(h * w).fill(1), 1, IDENTITY, h, w);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const border = r === 0 || c === 0 || r === h - 1 || c === w - 1;
        const i = r * w + c;
        // Border pixels average in background samples (far = 100) and clamp to 1.2.
        expect(out.mask[i], `mask ${r},${c}`).toBe(border ? 0 : 1);
        expect(out.depth[i]).toBeCloseTo(border ? DEPTH_CLAMP_MAX : 1, 12);
      }
    }
  });

  it('renders a translated bumpy surface with the perspective-correct depth of its triangles', () => {
    // Moving the surface 0.05 further away shifts every interior depth by 0.05 (up to projection changes).
    const [h, w] = [10, 10];
    const depth = new Float64Array(h * w).fill(1);
    const out = rasterizeDepthForward(depth, 1, [0, 0, 0, 0, 0, 0.05], h, w);
    expect(out.depth[5 * w + 5]).toBeCloseTo(1.05, 12);
    expect(out.mask[5 * w + 5]).toBe(1);
  });

  it('leaves the background uncovered (clamped to 1.2, mask 0) when the view turns the surface away', () => {
    const [h, w] = [8, 8];
    const out = rasterizeDepthForward(new Float64Array(h * w).fill(1), 1, [0, 0.5, 0, 0, 0, 0], h, w);
    // A 29 degree yaw of a plane about its centre compresses it: the left and right edges of the image are empty.
    expect(out.mask[3 * w]).toBe(0);
    expect(out.mask[3 * w + 4]).toBe(1);
    expect(out.faces.some((f) => f < 0)).toBe(true);
  });

  it('rejects inputs whose batch cannot broadcast over the views', () => {
    expect(() => rasterizeDepthForward(new Float64Array(2 * 16).fill(1), 2, mildViews(3, 1), 4, 4)).toThrow(/batch 2/);
    expect(() => rasterizeDepthForward(new Float64Array(16).fill(1), 1, [0, 0, 0], 4, 4)).toThrow(/\[B, 6\]/);
  });

  for (const [depthBatch, views, h, w] of [
    [1, 1, 8, 8],
    [2, 2, 12, 10],
    [1, 2, 8, 8],
  ]) {
    it(`backward matches finite differences (depth batch ${depthBatch}, ${views} views, ${h}x${w})`, () => {
      const depth = bumpyDepth(depthBatch, h, w, 21 + views, 0.04);
      const view = mildViews(views, 7 + h);
      const g = randomArray(views * h * w, seededRandom(12));
      const fwd = rasterizeDepthForward(depth, depthBatch, view, h, w);
      expect(fwd.mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(views * (h - 3) * (w - 3));
      const grads = rasterizeDepthBackward(depth, depthBatch, view, h, w, fwd, g);
      const loss = (d: Float64Array, v: Float64Array) => dot(rasterizeDepthForward(d, depthBatch, v, h, w).depth, g);
      expectGradientMatches('raster/depth', depth, (d) => loss(d, view), grads.gradDepth, { tol: 1e-5 });
      expectGradientMatches('raster/view', view, (v) => loss(depth, v), grads.gradView, { tol: 1e-5 });
    });
  }
});
