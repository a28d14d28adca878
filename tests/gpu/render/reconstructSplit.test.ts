/**
 * reconstruct() is reconstructGeometry() (depth, light, view only) followed by shadeAndWarp() (the albedo through
 * it): step 1 computes the geometry once outside any tape and runs only shadeAndWarp per iteration (issue 15).
 * This checks that the split changes nothing: with the geometry computed apart (no tape, as step 1 does), the image,
 * the texture and the gradient w.r.t. the albedo equal reconstruct's on a tape where every input wants a gradient
 * (so the texture's full backward runs there and its albedo-only variant here). Odd sizes, several views, a depth
 * broadcast over the views, per-view albedo and the flipped-branch layout (depth and albedo batch 2). Both backends.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { tidy } from '../../../src/engine/autograd/tidy';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { liveTensorCount, type Tensor } from '../../../src/engine/tensor';
import { reconstruct, reconstructGeometry, shadeAndWarp } from '../../../src/render';
import { randomArray, seededRandom } from '../../unit/render/random';
import { bumpyDepth, mildViews, smoothAlbedo, someLights } from '../../unit/render/scenes';
import { gpuBackend } from './parity';

interface Scene {
  depth: Float64Array;
  albedo: Float64Array;
  light: Float64Array;
  view: Float64Array;
  shapes: Record<'depth' | 'albedo' | 'light' | 'view', number[]>;
  seed: Float64Array;
}

function scene(depthBatch: number, albedoBatch: number, views: number, h: number, w: number): Scene {
  return {
    depth: bumpyDepth(depthBatch, h, w, 70 + h, 0.05),
    albedo: smoothAlbedo(albedoBatch, h, w, 71 + w),
    light: someLights(views, 72),
    view: mildViews(views, 73, 0.15, 0.01),
    shapes: { depth: [depthBatch, h, w], albedo: [albedoBatch, 3, h, w], light: [views, 4], view: [views, 6] },
    seed: randomArray(views * 3 * h * w, seededRandom(74)),
  };
}

/** reconstruct() on a tape, every input a leaf wanting its gradient: the outputs and the albedo's gradient. */
async function whole(backend: Backend, s: Scene) {
  const tape = new Tape();
  const leaves = tape.run(() => ({
    depth: backend.fromArray(s.depth, s.shapes.depth),
    albedo: backend.fromArray(s.albedo, s.shapes.albedo),
    light: backend.fromArray(s.light, s.shapes.light),
    view: backend.fromArray(s.view, s.shapes.view),
  }));
  for (const t of Object.values(leaves)) t.requiresGrad = true;
  const r = tape.run(() => reconstruct(leaves));
  const read = await readAll([r.image, r.texture, r.mask, r.reconDepth, r.normals, r.diffuse]);
  const seed = backend.fromArray(s.seed, [...r.image.shape]);
  tape.backward(r.image, seed);
  seed.release();
  const gradAlbedo = await leaves.albedo.grad!.read();
  for (const t of Object.values(leaves)) t.grad?.release();
  tape.free();
  return { read, gradAlbedo };
}

/** The geometry computed apart (no tape, caller-owned), then shadeAndWarp on a tape with only the albedo a leaf. */
async function split(backend: Backend, s: Scene) {
  const fixed = tidy(() => {
    const x = {
      depth: backend.fromArray(s.depth, s.shapes.depth),
      light: backend.fromArray(s.light, s.shapes.light),
      view: backend.fromArray(s.view, s.shapes.view),
    };
    return { light: x.light, geometry: reconstructGeometry(x) };
  });
  const g = fixed.geometry;
  const tape = new Tape();
  const albedo = tape.run(() => backend.fromArray(s.albedo, s.shapes.albedo));
  albedo.requiresGrad = true;
  const r = tape.run(() => shadeAndWarp(albedo, g, fixed.light));
  const read = await readAll([r.image, r.texture, g.mask, g.reconDepth, g.normals, g.diffuse]);
  const seed = backend.fromArray(s.seed, [...r.image.shape]);
  tape.backward(r.image, seed);
  seed.release();
  const gradAlbedo = await albedo.grad!.read();
  albedo.grad!.release();
  tape.free();
  for (const t of [fixed.light, ...Object.values(g)]) t.release();
  return { read, gradAlbedo };
}

const readAll = (ts: Tensor[]) => Promise.all(ts.map((t) => t.read()));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

const NAMES = ['image', 'texture', 'mask', 'reconDepth', 'normals', 'diffuse'];
const CASES: [number, number, number, number, number][] = [
  // depth batch, albedo batch, views, H, W
  [1, 1, 3, 11, 13],
  [1, 3, 3, 9, 7],
  [2, 2, 2, 12, 10],
];

describe('reconstruct = reconstructGeometry + shadeAndWarp (same values, same albedo gradient)', () => {
  for (const kind of ['webgpu', 'cpu'] as const)
    for (const [bd, ba, views, h, w] of CASES)
      it(`${kind}: depth ${bd}, albedo ${ba} -> ${views} views, ${h}x${w}`, async () => {
        const backend: Backend = kind === 'cpu' ? new CpuBackend() : await gpuBackend();
        const s = scene(bd, ba, views, h, w);
        const live = liveTensorCount();
        const a = await whole(backend, s);
        const b = await split(backend, s);
        expect(liveTensorCount()).toBe(live);
        NAMES.forEach((name, i) => {
          expect(maxDiff(b.read[i], a.read[i]), name).toBe(0);
        });
        // The views see the face: the image and the gradient are not trivially zero.
        expect(Math.max(...a.read[2])).toBe(1);
        expect(Math.max(...a.gradAlbedo.map(Math.abs))).toBeGreaterThan(0);
        expect(maxDiff(b.gradAlbedo, a.gradAlbedo), 'albedo grad').toBe(0);
      });
});
