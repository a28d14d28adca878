/**
 * The renderer's engine ops on the cpu backend: the autograd wiring (forward kernels, recorded backwards,
 * broadcast gradients summed by the tape) reproduces the float64 reference exactly.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { renderNovelViews } from '../../../src/render/novelView';
import { gridSampleClamped } from '../../../src/render/ops';
import { reconstruct } from '../../../src/render/reconstruct';
import { clampUnit } from '../../../src/render/reference/clamp';
import { gridSampleForward, gridSampleNearest } from '../../../src/render/reference/gridSample';
import { renderTexturedMesh } from '../../../src/render/reference/meshRender';
import { normalsForward } from '../../../src/render/reference/normals';
import { rasterizeDepthForward } from '../../../src/render/reference/rasterize';
import { reconstructBackward, reconstructForward } from '../../../src/render/reference/reconstruct';
import { diffuseForward, textureForward } from '../../../src/render/reference/shading';
import { inverseWarpGridForward } from '../../../src/render/reference/warp';
import { warpToViews } from '../../../src/render/warpToViews';
import { dot, expectGradientMatches } from './fdCheck';
import { randomArray, seededRandom } from './random';
import { bumpyDepth, mildViews, smoothAlbedo, someLights } from './scenes';

function expectSame(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length, name).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst, name).toBeLessThan(1e-12);
}

describe('renderer ops on the cpu backend', () => {
  it('reconstruct() forward and backward equal the reference composition (depth broadcast over 3 views)', async () => {
    const [h, w, views] = [10, 12, 3];
    const ref = {
      depth: bumpyDepth(1, h, w, 1),
      depthBatch: 1,
      albedo: smoothAlbedo(1, h, w, 2),
      albedoBatch: 1,
      light: someLights(views, 3),
      view: mildViews(views, 4),
      height: h,
      width: w,
    };
    const seed = randomArray(views * 3 * h * w, seededRandom(5));
    const backend = new CpuBackend();
    const tape = new Tape();
    const leaves = {
      depth: backend.fromArray(ref.depth, [1, h, w]),
      albedo: backend.fromArray(ref.albedo, [1, 3, h, w]),
      light: backend.fromArray(ref.light, [views, 4]),
      view: backend.fromArray(ref.view, [views, 6]),
    };
    for (const t of Object.values(leaves)) t.requiresGrad = true;
    const out = tape.run(() => reconstruct(leaves));
    tape.backward(out.image, backend.fromArray(seed, [views, 3, h, w]));
    const fwd = reconstructForward(ref);
    const grads = reconstructBackward(ref, fwd, seed);
    expectSame('image', await out.image.read(), fwd.image);
    expectSame('mask', await out.mask.read(), fwd.mask);
    expectSame('recon depth', await out.reconDepth.read(), fwd.raster.depth);
    expectSame('depth grad', await leaves.depth.grad!.read(), grads.gradDepth);
    expectSame('albedo grad', await leaves.albedo.grad!.read(), grads.gradAlbedo);
    expectSame('light grad', await leaves.light.grad!.read(), grads.gradLight);
    expectSame('view grad', await leaves.view.grad!.read(), grads.gradView);
    tape.free();
  });

  it('gridSampleClamped = clamp(grid_sample, -1, 1): values, and gradients that match finite differences', async () => {
    const [h, w, views, oh, ow] = [7, 9, 2, 6, 10];
    const rand = seededRandom(12);
    // Values up to 1.6 in magnitude, so that a good share of the samples are clamped and their gradient is cut.
    const image = randomArray(3 * h * w, rand, -1.6, 1.6);
    const grid = randomArray(views * oh * ow * 2, rand, -1.1, 1.1);
    const g = randomArray(views * 3 * oh * ow, rand);
    const s = { imageBatch: 1, channels: 3, inHeight: h, inWidth: w, views, outHeight: oh, outWidth: ow };
    const clamped = (im: Float64Array, gr: Float64Array) => clampUnit(gridSampleForward(im, gr, s));
    const backend = new CpuBackend();
    const tape = new Tape();
    const leaves = { image: backend.fromArray(image, [1, 3, h, w]), grid: backend.fromArray(grid, [views, oh, ow, 2]) };
    for (const t of Object.values(leaves)) t.requiresGrad = true;
    const out = tape.run(() => gridSampleClamped(leaves.image, leaves.grid));
    tape.backward(out, backend.fromArray(g, [views, 3, oh, ow]));
    const values = await out.read();
    expectSame('values', values, clamped(image, grid));
    expect(values.filter((v) => Math.abs(v) === 1).length).toBeGreaterThan(values.length / 20);
    expectGradientMatches('image', image, (im) => dot(clamped(im, grid), g), await leaves.image.grad!.read());
    expectGradientMatches('grid', grid, (gr) => dot(clamped(image, gr), g), await leaves.grid.grad!.read());
    tape.free();
  });

  it('renderNovelViews relights and rotates through the textured-mesh render, clamped to [-1, 1]', async () => {
    const [h, w] = [8, 9];
    const depth = bumpyDepth(1, h, w, 6);
    const albedo = smoothAlbedo(1, h, w, 7);
    const light = [0.6, 0.9, 0.5, -0.3];
    const view = [0, 0.3, 0, 0, 0, 0, 0, -0.3, 0, 0, 0, 0];
    const backend = new CpuBackend();
    const out = renderNovelViews({
      depth: backend.fromArray(depth, [1, h, w]),
      albedo: backend.fromArray(albedo, [1, 3, h, w]),
      light: backend.fromArray(light, [1, 4]),
      view: backend.fromArray(view, [2, 6]),
    });
    const texture = textureForward(
      albedo,
      1,
      diffuseForward(normalsForward(depth, 1, h, w), 1, light, h, w),
      light,
      h,
      w,
    );
    const expected = renderTexturedMesh(depth, 1, texture, 1, 3, view, h, w);
    expectSame(
      'image',
      await out.image.read(),
      expected.image.map((v) => Math.min(1, Math.max(-1, v))),
    );
    expectSame('coverage', await out.coverage.read(), expected.coverage);
    expect(() =>
      renderNovelViews({
        depth: backend.fromArray(new Float64Array(2 * h * w).fill(1), [2, h, w]),
        albedo: backend.fromArray(albedo, [1, 3, h, w]),
        light: backend.fromArray(light, [1, 4]),
        view: backend.fromArray(view, [2, 6]),
      }),
    ).toThrow(/batch 1/);
  });

  it('warpToViews samples the image bilinearly and a ones mask nearest through the rendered depth', async () => {
    const [h, w, views] = [9, 8, 2];
    const depth = bumpyDepth(1, h, w, 8);
    const image = smoothAlbedo(1, h, w, 9);
    const view = [0, 0.35, 0, 0, 0, 0, 0.1, -0.5, 0, 0.02, 0, 0];
    const backend = new CpuBackend();
    const out = warpToViews({
      depth: backend.fromArray(depth, [1, h, w]),
      image: backend.fromArray(image, [1, 3, h, w]),
      view: backend.fromArray(view, [views, 6]),
    });
    const raster = rasterizeDepthForward(depth, 1, view, h, w);
    const grid = inverseWarpGridForward(raster.depth, view, h, w);
    const shape = { imageBatch: 1, channels: 3, inHeight: h, inWidth: w, views, outHeight: h, outWidth: w };
    expectSame('image', await out.image.read(), gridSampleForward(image, grid, shape));
    const mask = gridSampleNearest(new Float64Array(h * w).fill(1), grid, { ...shape, channels: 1 });
    expectSame('mask', await out.mask.read(), mask);
    expectSame('valid', await out.valid.read(), raster.mask);
    // A 20-29 degree yaw pushes part of the view outside the canonical image: the mask has zeros there.
    expect(mask.some((v) => v === 0)).toBe(true);
    expect(mask.some((v) => v === 1)).toBe(true);
  });
});
