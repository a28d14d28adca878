import { describe, expect, it } from 'vitest';
import {
  gridSampleBackward,
  gridSampleForward,
  gridSampleNearest,
  type SampleShape,
} from '../../../src/render/reference/gridSample';
import { rasterizeDepthForward } from '../../../src/render/reference/rasterize';
import { forwardWarpGrid, inverseWarpGridBackward, inverseWarpGridForward } from '../../../src/render/reference/warp';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';
import { bumpyDepth, mildViews } from './scenes';

describe('warp grids and grid_sample (float64 reference)', () => {
  it('maps every pixel to itself in the identity view (align_corners: -1 and +1 are the corner pixels)', () => {
    const [h, w] = [5, 7];
    const grid = inverseWarpGridForward(bumpyDepth(1, h, w, 1), [0, 0, 0, 0, 0, 0], h, w);
    expect(grid[0]).toBeCloseTo(-1, 12);
    expect(grid[1]).toBeCloseTo(-1, 12);
    expect(grid[(h * w - 1) * 2]).toBeCloseTo(1, 12);
    expect(grid[(2 * w + 3) * 2]).toBeCloseTo(0, 12);
  });

  it('samples bilinearly with zero padding and exact corner pixels', () => {
    const s: SampleShape = { imageBatch: 1, channels: 1, inHeight: 2, inWidth: 2, views: 1, outHeight: 1, outWidth: 3 };
    const image = [1, 2, 3, 4];
    const out = gridSampleForward(image, [-1, -1, 0, 0, 1.5, 1], s);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(2.5, 12);
    // x = 1.25 pixels: tap x0 = 1 (weight 0.75) inside, x1 = 2 outside: 0.75 * 4.
    expect(out[2]).toBeCloseTo(3, 12);
    expect(gridSampleNearest(image, [-1, -1, 0.1, 0.1, 3, 0], s)).toEqual(Float64Array.from([1, 4, 0]));
  });

  for (const [imageBatch, views, h, w] of [
    [2, 2, 8, 8],
    [1, 2, 12, 10],
  ]) {
    it(`grid_sample backward matches finite differences (image batch ${imageBatch}, ${views} grids, ${h}x${w})`, () => {
      const rand = seededRandom(31);
      const s: SampleShape = {
        imageBatch,
        channels: 3,
        inHeight: h,
        inWidth: w,
        views,
        outHeight: h - 1,
        outWidth: w + 1,
      };
      const image = randomArray(imageBatch * 3 * h * w, rand);
      const grid = randomArray(views * (h - 1) * (w + 1) * 2, rand, -1.1, 1.1);
      const g = randomArray(views * 3 * (h - 1) * (w + 1), rand);
      const grads = gridSampleBackward(image, grid, s, g);
      expectGradientMatches(
        'grid_sample/image',
        image,
        (im) => dot(gridSampleForward(im, grid, s), g),
        grads.gradImage,
      );
      expectGradientMatches('grid_sample/grid', grid, (gr) => dot(gridSampleForward(image, gr, s), g), grads.gradGrid);
    });

    it(`inverse warp grid backward matches finite differences (${views} views, ${h}x${w})`, () => {
      const depth = bumpyDepth(views, h, w, 41);
      const view = mildViews(views, 43);
      const g = randomArray(views * h * w * 2, seededRandom(44));
      const grads = inverseWarpGridBackward(depth, view, h, w, g);
      const loss = (d: Float64Array, v: Float64Array) => dot(inverseWarpGridForward(d, v, h, w), g);
      expectGradientMatches('warp/depth', depth, (d) => loss(d, view), grads.gradDepth);
      expectGradientMatches('warp/view', view, (v) => loss(depth, v), grads.gradView);
    });
  }

  it('the inverse warp of the rendered depth returns each visible surface point to its canonical pixel', () => {
    const [h, w] = [16, 16];
    const depth = bumpyDepth(1, h, w, 5, 0.02);
    const view = [0.03, 0.12, -0.02, 0.005, -0.004, 0.01];
    const raster = rasterizeDepthForward(depth, 1, view, h, w);
    const back = inverseWarpGridForward(raster.depth, view, h, w);
    const fwd = forwardWarpGrid(depth, 1, view, h, w);
    // A canonical pixel p lands at view point q = fwd(p); the view pixel nearest to q warps back close to p.
    let checked = 0;
    for (let r = 3; r < h - 3; r++) {
      for (let c = 3; c < w - 3; c++) {
        const i = r * w + c;
        const vc = Math.round(((fwd[i * 2] + 1) / 2) * (w - 1));
        const vr = Math.round(((fwd[i * 2 + 1] + 1) / 2) * (h - 1));
        const j = vr * w + vc;
        if (!raster.mask[j]) continue;
        const bc = ((back[j * 2] + 1) / 2) * (w - 1);
        const br = ((back[j * 2 + 1] + 1) / 2) * (h - 1);
        expect(Math.hypot(bc - c, br - r)).toBeLessThan(0.75);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });
});
