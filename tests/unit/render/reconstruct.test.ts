import { describe, expect, it } from 'vitest';
import { renderTexturedMesh } from '../../../src/render/reference/meshRender';
import {
  type ReconstructionInputs,
  reconstructBackward,
  reconstructForward,
} from '../../../src/render/reference/reconstruct';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';
import { bumpyDepth, mildViews, smoothAlbedo, someLights } from './scenes';

function inputs(depthBatch: number, views: number, h: number, w: number, seed: number): ReconstructionInputs {
  return {
    depth: bumpyDepth(depthBatch, h, w, seed, 0.04),
    depthBatch,
    albedo: smoothAlbedo(depthBatch, h, w, seed + 1),
    albedoBatch: depthBatch,
    light: someLights(views, seed + 2),
    view: mildViews(views, seed + 3, 0.08, 0.01),
    height: h,
    width: w,
  };
}

describe('reconstruction entry point (float64 reference)', () => {
  it('returns the canonical texture for a plane at depth 1 in the identity view, inside the valid mask', () => {
    const [h, w] = [10, 12];
    const x: ReconstructionInputs = {
      depth: new Float64Array(h * w).fill(1),
      depthBatch: 1,
      albedo: smoothAlbedo(1, h, w, 4),
      albedoBatch: 1,
      light: [0.5, 0.5, 0.3, -0.2],
      view: [0, 0, 0, 0, 0, 0],
      height: h,
      width: w,
    };
    const out = reconstructForward(x);
    let valid = 0;
    for (let i = 0; i < h * w; i++) {
      if (!out.mask[i]) continue;
      valid++;
      for (let k = 0; k < 3; k++) expect(out.image[k * h * w + i]).toBeCloseTo(out.texture[k * h * w + i], 10);
    }
    expect(valid).toBe((h - 2) * (w - 2));
  });

  it('a yaw of +theta followed by rendering back with -theta returns the input inside the valid mask', () => {
    const S = 32;
    const theta = (8 * Math.PI) / 180;
    const depth = bumpyDepth(1, S, S, 9, 0.02);
    // Flat shading (k_d = 0) so that the texture is the albedo and only the geometry of the warps is tested.
    const light = [1, 0, 0, 0];
    const albedo = smoothAlbedo(1, S, S, 10);
    const there = reconstructForward({
      depth,
      depthBatch: 1,
      albedo,
      albedoBatch: 1,
      light,
      view: [0, theta, 0, 0, 0, 0],
      height: S,
      width: S,
    });
    const back = reconstructForward({
      depth: there.raster.depth,
      depthBatch: 1,
      albedo: there.image,
      albedoBatch: 1,
      light,
      view: [0, -theta, 0, 0, 0, 0],
      height: S,
      width: S,
    });
    let worst = 0;
    let valid = 0;
    for (let r = 2; r < S - 2; r++) {
      for (let c = 2; c < S - 2; c++) {
        const i = r * S + c;
        // Valid in both renders, and at least 2 px from any invalid pixel of the intermediate view.
        if (!back.mask[i]) continue;
        valid++;
        for (let k = 0; k < 3; k++)
          worst = Math.max(worst, Math.abs(back.image[k * S * S + i] - albedo[k * S * S + i]));
      }
    }
    expect(valid).toBeGreaterThan(0.6 * S * S);
    // Two bilinear resamplings of a smooth pattern (period >= 10 px): small interpolation error only.
    expect(worst).toBeLessThan(0.06);
  });

  for (const [depthBatch, views, h, w] of [
    [1, 2, 8, 8],
    [2, 2, 12, 10],
  ]) {
    it(`composed backward matches finite differences (depth batch ${depthBatch}, ${views} views, ${h}x${w})`, () => {
      const x = inputs(depthBatch, views, h, w, 50 + h);
      const rand = seededRandom(51);
      const gImage = randomArray(views * 3 * h * w, rand);
      const gDiffuse = randomArray(views * h * w, rand);
      const fwd = reconstructForward(x);
      const grads = reconstructBackward(x, fwd, gImage, gDiffuse);
      const loss = (y: ReconstructionInputs) => {
        const o = reconstructForward(y);
        return dot(o.image, gImage) + dot(o.diffuse, gDiffuse);
      };
      const opts = { tol: 1e-5 };
      expectGradientMatches(
        'depth',
        Float64Array.from(x.depth),
        (d) => loss({ ...x, depth: d }),
        grads.gradDepth,
        opts,
      );
      expectGradientMatches(
        'albedo',
        Float64Array.from(x.albedo),
        (a) => loss({ ...x, albedo: a }),
        grads.gradAlbedo,
        opts,
      );
      expectGradientMatches(
        'light',
        Float64Array.from(x.light),
        (l) => loss({ ...x, light: l }),
        grads.gradLight,
        opts,
      );
      expectGradientMatches('view', Float64Array.from(x.view), (v) => loss({ ...x, view: v }), grads.gradView, opts);
    });
  }
});

describe('textured-mesh render (float64 reference, forward only)', () => {
  it('returns the vertex colours for a plane in the identity view and the background where nothing is drawn', () => {
    const [h, w] = [6, 7];
    // A linear colour ramp: barycentric interpolation reproduces it exactly, so every sample is predictable.
    const ramp = (k: number, y: number, x: number) => 0.1 * (k + 1) * x - 0.05 * y + 0.2 * k - 0.3;
    const colors = new Float64Array(3 * h * w);
    for (let k = 0; k < 3; k++)
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) colors[(k * h + r) * w + c] = ramp(k, r, c);
    const { image, coverage } = renderTexturedMesh(
      new Float64Array(h * w).fill(1),
      1,
      colors,
      1,
      3,
      [0, 0, 0, 0, 0, 0],
      h,
      w,
    );
    expect(coverage[2 * w + 3]).toBe(1);
    for (let k = 0; k < 3; k++) expect(image[k * h * w + 2 * w + 3]).toBeCloseTo(ramp(k, 2, 3), 12);
    // Corner pixel: only its inner supersample at (0.25, 0.25) is covered; the other three are white (1).
    expect(coverage[0]).toBe(0.25);
    for (let k = 0; k < 3; k++) expect(image[k * h * w]).toBeCloseTo(0.75 + 0.25 * ramp(k, 0.25, 0.25), 12);
  });

  it('shows the background around a rotated surface and interpolates colours perspective-correctly', () => {
    const [h, w] = [8, 8];
    const depth = bumpyDepth(1, h, w, 3, 0.02);
    const ones = new Float64Array(h * w).fill(0.5);
    const view = [0.1, 0.5, 0, 0, 0, 0];
    const { image, coverage } = renderTexturedMesh(depth, 1, ones, 1, 1, view, h, w, { background: -1 });
    // A constant colour stays constant wherever the mesh covers a pixel fully.
    for (let i = 0; i < h * w; i++) {
      if (coverage[i] === 1) expect(image[i]).toBeCloseTo(0.5, 12);
      if (coverage[i] === 0) expect(image[i]).toBe(-1);
    }
    expect(coverage.some((c) => c === 0)).toBe(true);
    expect(() => renderTexturedMesh(depth, 1, ones, 2, 1, view, h, w)).toThrow(/batch 2/);
  });
});
