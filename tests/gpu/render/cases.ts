/**
 * WGSL-vs-reference cases of the renderer: each runs the same op code on the cpu (float64) and webgpu backends
 * (forward, and backward through the tape with a seeded upstream gradient) and returns its failures.
 * Used by the vitest files next to it and by runStandalone.ts (plain Node).
 */
import { Tape } from '../../../src/engine/autograd/tape';
import type { Tensor } from '../../../src/engine/tensor';
import {
  canonicalTexture,
  clampImage,
  diffuseShading,
  forwardWarpGrid,
  gridSample,
  gridSampleClamped,
  gridSampleNearest,
  inverseWarpGrid,
  normalsFromDepth,
  rasterizeDepth,
  renderTexturedMesh,
} from '../../../src/render/ops';
import { reconstruct } from '../../../src/render/reconstruct';
import { warpToViews } from '../../../src/render/warpToViews';
import { randomArray, seededRandom } from '../../unit/render/random';
import { bumpyDepth, mildViews, smoothAlbedo, someLights } from '../../unit/render/scenes';
import { Checks, gpuBackend, type InputSpec, runBoth } from './parity';

export interface ParityCase {
  group: 'shading' | 'raster' | 'warp' | 'reconstruct';
  name: string;
  run: () => Promise<string[]>;
}

const cases: ParityCase[] = [];
const add = (group: ParityCase['group'], name: string, run: (c: Checks) => Promise<void>) =>
  cases.push({
    group,
    name,
    run: async () => {
      const c = new Checks();
      await run(c);
      return c.failures;
    },
  });

for (const [batch, h, w] of [
  [1, 8, 8],
  [2, 12, 10],
  [3, 7, 9],
]) {
  add('shading', `normals forward/backward ${batch}x${h}x${w}`, async (c) => {
    const { cpu, gpu } = await runBoth(
      { depth: { data: bumpyDepth(batch, h, w, 3, 0.05), shape: [batch, h, w], grad: true } },
      (t) => [normalsFromDepth(t.depth)],
      randomArray(batch * 3 * h * w, seededRandom(1)),
    );
    c.close('normals', gpu.outputs[0], cpu.outputs[0]);
    c.grad('depth grad', gpu.grads.depth, cpu.grads.depth);
  });
}

for (const [normalBatch, views, h, w] of [
  [2, 2, 8, 8],
  [1, 3, 12, 10],
  // More than 4096 pixels: the light gradient's sum over pixels takes the engine reduction's two-pass path.
  [1, 2, 65, 67],
]) {
  add('shading', `diffuse + texture + clamp, batch ${normalBatch} -> ${views} views, ${h}x${w}`, async (c) => {
    const inputs = {
      depth: { data: bumpyDepth(normalBatch, h, w, 5, 0.08), shape: [normalBatch, h, w], grad: true },
      albedo: { data: smoothAlbedo(normalBatch, h, w, 6), shape: [normalBatch, 3, h, w], grad: true },
      light: { data: someLights(views, 8), shape: [views, 4], grad: true },
    };
    const { cpu, gpu } = await runBoth(
      inputs,
      (t) => {
        const diffuse = diffuseShading(normalsFromDepth(t.depth), t.light);
        return [clampImage(canonicalTexture(t.albedo, diffuse, t.light)), diffuse];
      },
      randomArray(views * 3 * h * w, seededRandom(7)),
    );
    c.close('texture', gpu.outputs[0], cpu.outputs[0]);
    c.close('diffuse', gpu.outputs[1], cpu.outputs[1]);
    for (const name of ['depth', 'albedo', 'light']) c.grad(`${name} grad`, gpu.grads[name], cpu.grads[name]);
  });
}

for (const [depthBatch, views, h, w] of [
  [1, 1, 8, 8],
  [2, 2, 12, 10],
  [1, 3, 7, 9],
  [1, 2, 32, 32],
]) {
  add('raster', `depth rasterizer forward/backward, depth ${depthBatch} -> ${views} views, ${h}x${w}`, async (c) => {
    const inputs = {
      depth: { data: bumpyDepth(depthBatch, h, w, 21 + views, 0.04), shape: [depthBatch, h, w], grad: true },
      view: { data: mildViews(views, 7 + h), shape: [views, 6], grad: true },
    };
    const { cpu, gpu } = await runBoth(
      inputs,
      (t) => {
        const r = rasterizeDepth(t.depth, t.view);
        return [r.depth, r.mask];
      },
      randomArray(views * h * w, seededRandom(12)),
    );
    // A sample exactly on a triangle edge may change winner between float32 and float64: allow one pixel per view.
    c.close('rendered depth', gpu.outputs[0], cpu.outputs[0], { allowedMismatches: views });
    c.close('mask', gpu.outputs[1], cpu.outputs[1], { allowedMismatches: views });
    c.grad('depth grad', gpu.grads.depth, cpu.grads.depth, { allowedMismatches: 3 * views });
    c.grad('view grad', gpu.grads.view, cpu.grads.view, { atol: 1e-3 });
  });
}

add('raster', 'ties on shared edges resolve the same way every run (identity view of a plane)', async (c) => {
  const [h, w] = [16, 16];
  const runs: Float64Array[][] = [];
  const backend = await gpuBackend();
  for (let k = 0; k < 2; k++) {
    const tape = new Tape();
    const depth = backend.fromArray(new Float64Array(2 * h * w).fill(1), [2, h, w]);
    depth.requiresGrad = true;
    const out = tape.run(() =>
      rasterizeDepth(depth, backend.fromArray([0, 0, 0, 0, 0, 0, 0, 0.05, 0, 0, 0, 0], [2, 6])),
    );
    const seed = backend.fromArray(randomArray(2 * h * w, seededRandom(3)), [2, h, w]);
    tape.backward(out.depth, seed);
    runs.push([await out.depth.read(), await depth.grad!.read()]);
    seed.release();
    depth.grad!.release();
    tape.free();
    depth.release();
  }
  c.that(
    'depth identical across runs',
    runs[0][0].every((v, i) => v === runs[1][0][i]),
  );
  c.that(
    'gradient identical across runs',
    runs[0][1].every((v, i) => v === runs[1][1][i]),
  );
  c.that('interior of the plane renders at depth 1', Math.abs(runs[0][0][5 * w + 5] - 1) < 1e-6);
});

for (const [views, h, w] of [
  [2, 8, 8],
  [3, 12, 10],
  // More than 4096 pixels: the view gradient's sum over pixels takes the engine reduction's two-pass path.
  [2, 65, 67],
]) {
  add('warp', `inverse warp grid forward/backward, ${views} views, ${h}x${w}`, async (c) => {
    const inputs = {
      depth: { data: bumpyDepth(views, h, w, 41), shape: [views, h, w], grad: true },
      view: { data: mildViews(views, 43), shape: [views, 6], grad: true },
    };
    const { cpu, gpu } = await runBoth(
      inputs,
      (t) => [inverseWarpGrid(t.depth, t.view)],
      randomArray(views * h * w * 2, seededRandom(44)),
    );
    c.close('grid', gpu.outputs[0], cpu.outputs[0]);
    c.grad('depth grad', gpu.grads.depth, cpu.grads.depth);
    c.grad('view grad', gpu.grads.view, cpu.grads.view);
  });
}

add('warp', 'forward warp grid with a broadcast depth (1 -> 3 views, 7x9)', async (c) => {
  const inputs = {
    depth: { data: bumpyDepth(1, 7, 9, 2), shape: [1, 7, 9] },
    view: { data: mildViews(3, 4), shape: [3, 6] },
  };
  const { cpu, gpu } = await runBoth(inputs, (t) => [forwardWarpGrid(t.depth, t.view)]);
  c.close('grid', gpu.outputs[0], cpu.outputs[0]);
});

for (const [imageBatch, views, channels, h, w] of [
  [2, 2, 3, 8, 8],
  [1, 3, 5, 7, 9],
  // Enough upstream gradient entries (12276) that every thread of the fixed-point scale's workgroup takes several.
  [1, 4, 3, 32, 32],
]) {
  add(
    'warp',
    `grid_sample forward/backward, image ${imageBatch} -> ${views} grids, ${channels} ch, ${h}x${w}`,
    async (c) => {
      const rand = seededRandom(31);
      const [oh, ow] = [h + 1, w - 1];
      const inputs: Record<string, InputSpec> = {
        image: {
          data: randomArray(imageBatch * channels * h * w, rand),
          shape: [imageBatch, channels, h, w],
          grad: true,
        },
        grid: { data: randomArray(views * oh * ow * 2, rand, -1.15, 1.15), shape: [views, oh, ow, 2], grad: true },
      };
      const { cpu, gpu } = await runBoth(
        inputs,
        (t) => [gridSample(t.image, t.grid), gridSampleNearest(t.image, t.grid)],
        randomArray(views * channels * oh * ow, rand),
      );
      c.close('bilinear', gpu.outputs[0], cpu.outputs[0]);
      // Nearest rounds half up: a coordinate within float32 noise of a half-pixel may round the other way.
      c.close('nearest', gpu.outputs[1], cpu.outputs[1], { allowedMismatches: 1 });
      c.grad('image grad (fixed-point scatter)', gpu.grads.image, cpu.grads.image);
      c.grad('grid grad', gpu.grads.grid, cpu.grads.grid);
    },
  );
}

for (const [imageBatch, views, h, w] of [
  [1, 3, 9, 7],
  [2, 2, 32, 32],
]) {
  add(
    'warp',
    `grid_sample clamped to [-1, 1] in one kernel, image ${imageBatch} -> ${views} grids, ${h}x${w}`,
    async (c) => {
      const rand = seededRandom(37 + h);
      const [oh, ow] = [h - 1, w + 2];
      // Image values up to 1.6 in magnitude: a good share of the samples are clamped, their gradient is cut.
      const inputs: Record<string, InputSpec> = {
        image: { data: randomArray(imageBatch * 3 * h * w, rand, -1.6, 1.6), shape: [imageBatch, 3, h, w], grad: true },
        grid: { data: randomArray(views * oh * ow * 2, rand, -1.1, 1.1), shape: [views, oh, ow, 2], grad: true },
      };
      const seed = randomArray(views * 3 * oh * ow, rand);
      const fused = await runBoth(inputs, (t) => [gridSampleClamped(t.image, t.grid)], seed);
      const { cpu, gpu } = fused;
      c.close('clamped samples', gpu.outputs[0], cpu.outputs[0]);
      const clamped = cpu.outputs[0].filter((v) => Math.abs(v) === 1).length;
      c.that(`some samples are clamped (${clamped} of ${cpu.outputs[0].length})`, clamped > cpu.outputs[0].length / 20);
      c.grad('image grad', gpu.grads.image, cpu.grads.image);
      c.grad('grid grad', gpu.grads.grid, cpu.grads.grid);
      // The same as the two ops it replaces, on the GPU.
      const apart = await runBoth(inputs, (t) => [clampImage(gridSample(t.image, t.grid))], seed);
      c.close('= clamp(grid_sample) forward', gpu.outputs[0], apart.gpu.outputs[0], { atol: 1e-6, rtol: 0 });
      c.grad('= clamp(grid_sample) image grad', gpu.grads.image, apart.gpu.grads.image, { atol: 1e-6 });
      c.grad('= clamp(grid_sample) grid grad', gpu.grads.grid, apart.gpu.grads.grid, { atol: 1e-6 });
    },
  );
}

add(
  'warp',
  'grid_sample image gradient: 2048 samples on one pixel accumulate exactly (no fixed-point overflow)',
  async (c) => {
    const [oh, ow] = [32, 64];
    const inputs: Record<string, InputSpec> = {
      image: { data: randomArray(2 * 4 * 4, seededRandom(2)), shape: [1, 2, 4, 4], grad: true },
      grid: { data: new Float64Array(oh * ow * 2).fill(-1), shape: [1, oh, ow, 2] },
    };
    const { cpu, gpu } = await runBoth(
      inputs,
      (t) => [gridSample(t.image, t.grid)],
      new Float64Array(2 * oh * ow).fill(1),
    );
    c.that(
      `pixel (0, 0) collects 2048 (gpu ${gpu.grads.image[0]}, cpu ${cpu.grads.image[0]})`,
      gpu.grads.image[0] === 2048,
    );
    c.close('image grad', gpu.grads.image, cpu.grads.image, { atol: 0, rtol: 0 });
  },
);

for (const [depthBatch, views, h, w] of [
  [1, 3, 16, 16],
  [2, 2, 12, 10],
]) {
  add('reconstruct', `reconstruction forward/backward, depth ${depthBatch} -> ${views} views, ${h}x${w}`, async (c) => {
    const inputs: Record<string, InputSpec> = {
      depth: { data: bumpyDepth(depthBatch, h, w, 50 + h, 0.04), shape: [depthBatch, h, w], grad: true },
      albedo: { data: smoothAlbedo(depthBatch, h, w, 51 + h), shape: [depthBatch, 3, h, w], grad: true },
      light: { data: someLights(views, 52 + h), shape: [views, 4], grad: true },
      view: { data: mildViews(views, 53 + h, 0.08, 0.01), shape: [views, 6], grad: true },
    };
    const { cpu, gpu } = await runBoth(
      inputs,
      (t) => {
        const r = reconstruct({ depth: t.depth, albedo: t.albedo, light: t.light, view: t.view });
        return [r.image, r.mask, r.reconDepth];
      },
      randomArray(views * 3 * h * w, seededRandom(54)),
    );
    c.close('image', gpu.outputs[0], cpu.outputs[0], { allowedMismatches: 3 * views });
    c.close('mask', gpu.outputs[1], cpu.outputs[1], { allowedMismatches: views });
    c.close('recon depth', gpu.outputs[2], cpu.outputs[2], { allowedMismatches: views });
    for (const name of ['depth', 'albedo', 'light'])
      c.grad(`${name} grad`, gpu.grads[name], cpu.grads[name], { allowedMismatches: 3 * views });
    c.grad('view grad', gpu.grads.view, cpu.grads.view, { atol: 1e-3 });
  });
}

add('raster', 'textured-mesh render (forward only), depth 1 -> 2 views, 3 channels, 12x10', async (c) => {
  const [h, w] = [12, 10];
  const inputs = {
    depth: { data: bumpyDepth(1, h, w, 8, 0.03), shape: [1, h, w] },
    colors: { data: smoothAlbedo(1, h, w, 9), shape: [1, 3, h, w] },
    view: { data: [0, 0.4, 0, 0, 0, 0, 0.1, -0.2, 0.05, 0.01, 0, 0], shape: [2, 6] },
  };
  const { cpu, gpu } = await runBoth(inputs, (t: Record<string, Tensor>) => {
    const r = renderTexturedMesh(t.depth, t.colors, t.view, { background: 1 });
    return [r.image, r.coverage];
  });
  c.close('image', gpu.outputs[0], cpu.outputs[0], { allowedMismatches: 3 });
  c.close('coverage', gpu.outputs[1], cpu.outputs[1], { allowedMismatches: 1 });
});

add('warp', 'warpToViews (image bilinear, ones mask nearest), depth 1 -> 3 views, 12x10', async (c) => {
  const [h, w] = [12, 10];
  const inputs = {
    depth: { data: bumpyDepth(1, h, w, 61, 0.03), shape: [1, h, w] },
    image: { data: smoothAlbedo(1, h, w, 62), shape: [1, 3, h, w] },
    view: { data: [0, 0.35, 0, 0, 0, 0, 0.1, -0.45, 0.02, 0.01, 0, 0, -0.05, 0.1, 0, 0, 0.01, 0], shape: [3, 6] },
  };
  const { cpu, gpu } = await runBoth(inputs, (t) => {
    const r = warpToViews({ depth: t.depth, image: t.image, view: t.view });
    return [r.image, r.mask, r.valid];
  });
  c.close('image', gpu.outputs[0], cpu.outputs[0], { allowedMismatches: 3 });
  // Nearest sampling and silhouette pixels may flip on float32 rounding at exact half-pixels / edges.
  c.close('mask', gpu.outputs[1], cpu.outputs[1], { allowedMismatches: 2 });
  c.close('valid', gpu.outputs[2], cpu.outputs[2], { allowedMismatches: 3 });
});

export const RENDER_PARITY_CASES: readonly ParityCase[] = cases;
