/**
 * Renderer benchmark (npm run bench:render): the reconstruction (normals, shading, texture, depth rasterizer,
 * inverse warp, grid_sample, clamp) forward, and forward + backward to depth, albedo, light and view, for one
 * canonical depth/albedo rendered into 16 views at S = 64 and 128, on the engine's webgpu backend (Dawn in Node).
 * Prints a table, then one JSON line (the last line). Timing is wall clock around submit + onSubmittedWorkDone,
 * so it includes dispatch encoding; software adapters (SwiftShader) are labelled as such.
 * Env: BENCH_RENDER_SIZES (default "64,128"), BENCH_RENDER_VIEWS (16), BENCH_RENDER_ITERS (5).
 */
import { Tape } from '../../src/engine/autograd/tape';
import { createEngineDevice } from '../../src/engine/device';
import { createNodeGpu } from '../../src/engine/node/dawn';
import type { Tensor } from '../../src/engine/tensor';
import { WebGpuBackend } from '../../src/engine/webgpu/backend';
import {
  canonicalTexture,
  diffuseShading,
  gridSample,
  inverseWarpGrid,
  normalsFromDepth,
  rasterizeDepth,
} from '../../src/render/ops';
import { reconstruct } from '../../src/render/reconstruct';

interface OpTiming {
  op: string;
  forwardMs: number;
  forwardBackwardMs: number;
}

interface Row {
  size: number;
  views: number;
  pixels: number;
  rasterForwardMs: number;
  forwardMs: number;
  forwardBackwardMs: number;
  forwardNsPerPixel: number;
  forwardBackwardNsPerPixel: number;
  /** Each op alone (its inputs precomputed outside the timing), forward and forward + backward. */
  ops: OpTiming[];
}

function sceneData(size: number, views: number) {
  const depth = new Float64Array(size * size);
  const albedo = new Float64Array(3 * size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const x = (c / (size - 1)) * 2 - 1;
      const y = (r / (size - 1)) * 2 - 1;
      depth[r * size + c] = 1 - 0.06 * Math.exp(-(x * x + y * y) * 2) + 0.01 * Math.sin(5 * x) * Math.cos(4 * y);
      for (let k = 0; k < 3; k++) albedo[(k * size + r) * size + c] = 0.6 * Math.sin(3 * x + k) * Math.cos(2 * y - k);
    }
  }
  const light = new Float64Array(views * 4);
  const view = new Float64Array(views * 6);
  for (let b = 0; b < views; b++) {
    light.set([0.4, 0.6, 0.3 * Math.sin(b), 0.2 * Math.cos(b)], b * 4);
    // Yaw spread like the method's view prior (about +-30 degrees), small pitch and roll.
    view.set([0.1 * Math.sin(1.7 * b), ((b / (views - 1)) * 2 - 1) * 0.5, 0.03 * Math.cos(b), 0, 0, 0], b * 6);
  }
  return { depth, albedo, light, view };
}

async function timeIt(backend: WebGpuBackend, iters: number, fn: () => void): Promise<number> {
  fn();
  await backend.finish();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) fn();
  await backend.finish();
  return (performance.now() - t0) / iters;
}

async function benchSize(backend: WebGpuBackend, size: number, views: number, iters: number): Promise<Row> {
  const data = sceneData(size, views);
  const leaf = (values: Float64Array, shape: number[]): Tensor => {
    const t = backend.fromArray(values, shape).keep();
    t.requiresGrad = true;
    return t;
  };
  const depth = leaf(data.depth, [1, size, size]);
  const albedo = leaf(data.albedo, [1, 3, size, size]);
  const light = leaf(data.light, [views, 4]);
  const view = leaf(data.view, [views, 6]);
  const seed = backend.full([views, 3, size, size], 1 / (views * 3 * size * size)).keep();
  const inputs: Inputs = { depth, albedo, light, view };

  const rasterForwardMs = await timeIt(backend, iters, () => {
    const tape = new Tape();
    tape.run(() => rasterizeDepth(depth, view));
    tape.free();
  });
  const forwardMs = await timeIt(backend, iters, () => {
    const tape = new Tape();
    tape.run(() => reconstruct(inputs));
    tape.free();
  });
  const forwardBackwardMs = await timeIt(backend, iters, () => {
    const tape = new Tape();
    const out = tape.run(() => reconstruct(inputs));
    tape.backward(out.image, seed);
    tape.free();
    for (const t of [depth, albedo, light, view]) {
      t.grad?.release();
      t.grad = null;
    }
  });
  const ops = await opBreakdown(backend, inputs, iters);
  for (const t of [depth, albedo, light, view, seed]) t.release();
  const pixels = views * size * size;
  return {
    size,
    views,
    pixels,
    rasterForwardMs,
    forwardMs,
    forwardBackwardMs,
    forwardNsPerPixel: (forwardMs * 1e6) / pixels,
    forwardBackwardNsPerPixel: (forwardBackwardMs * 1e6) / pixels,
    ops,
  };
}

type Inputs = { depth: Tensor; albedo: Tensor; light: Tensor; view: Tensor };

/** Times each op of the reconstruction on its own, with its inputs computed once beforehand. */
async function opBreakdown(backend: WebGpuBackend, x: Inputs, iters: number): Promise<OpTiming[]> {
  const pre = new Tape();
  const normals = pre.run(() => normalsFromDepth(x.depth));
  const diffuse = pre.run(() => diffuseShading(normals, x.light));
  const texture = pre.run(() => canonicalTexture(x.albedo, diffuse, x.light));
  const reconDepth = pre.run(() => rasterizeDepth(x.depth, x.view).depth);
  const grid = pre.run(() => inverseWarpGrid(reconDepth, x.view));
  for (const t of [normals, diffuse, texture, reconDepth, grid]) t.keep();
  pre.free();
  // The kept intermediates become leaves of their own, so that each op's backward runs alone.
  for (const t of [normals, diffuse, texture, reconDepth, grid]) t.requiresGrad = true;
  const cases: [string, () => Tensor][] = [
    ['normals', () => normalsFromDepth(x.depth)],
    ['diffuse', () => diffuseShading(normals, x.light)],
    ['texture', () => canonicalTexture(x.albedo, diffuse, x.light)],
    ['rasterizeDepth', () => rasterizeDepth(x.depth, x.view).depth],
    ['inverseWarpGrid', () => inverseWarpGrid(reconDepth, x.view)],
    ['gridSample', () => gridSample(texture, grid)],
  ];
  const leaves = [x.depth, x.albedo, x.light, x.view, normals, diffuse, texture, reconDepth, grid];
  const timings: OpTiming[] = [];
  for (const [op, fn] of cases) {
    const forwardMs = await timeIt(backend, iters, () => {
      const tape = new Tape();
      tape.run(fn);
      tape.free();
    });
    const forwardBackwardMs = await timeIt(backend, iters, () => {
      const tape = new Tape();
      const out = tape.run(fn);
      const seed = tape.run(() => backend.full([...out.shape], 1e-3));
      tape.backward(out, seed);
      tape.free();
      for (const t of leaves) {
        t.grad?.release();
        t.grad = null;
      }
    });
    timings.push({ op, forwardMs, forwardBackwardMs });
  }
  for (const t of [normals, diffuse, texture, reconDepth, grid]) t.release();
  return timings;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_RENDER_SIZES ?? '64,128').split(',').map(Number);
  const views = Number(process.env.BENCH_RENDER_VIEWS ?? 16);
  const iters = Number(process.env.BENCH_RENDER_ITERS ?? 5);
  const nodeGpu = createNodeGpu();
  const engine = await createEngineDevice(nodeGpu.gpu, { label: 'bench-render' });
  const backend = new WebGpuBackend(engine.device);
  const a = engine.adapter;
  const adapterName = [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ');
  console.log(`adapter: ${adapterName}${a.isSoftware ? '  [SOFTWARE adapter: numbers are not GPU numbers]' : ''}`);
  console.log(`views ${views}, ${iters} timed iterations after 1 warm-up`);
  console.log('   S  views   raster fwd ms   recon fwd ms   fwd+bwd ms   fwd ns/px   fwd+bwd ns/px');
  const rows: Row[] = [];
  for (const size of sizes) {
    const row = await benchSize(backend, size, views, iters);
    rows.push(row);
    console.log(
      `${String(size).padStart(4)}  ${String(views).padStart(5)}  ${row.rasterForwardMs.toFixed(2).padStart(14)}  ` +
        `${row.forwardMs.toFixed(2).padStart(13)}  ${row.forwardBackwardMs.toFixed(2).padStart(11)}  ` +
        `${row.forwardNsPerPixel.toFixed(1).padStart(10)}  ${row.forwardBackwardNsPerPixel.toFixed(1).padStart(14)}`,
    );
  }
  console.log('per op (alone), ms forward / forward+backward:');
  for (const row of rows) {
    const parts = row.ops.map((o) => `${o.op} ${o.forwardMs.toFixed(2)}/${o.forwardBackwardMs.toFixed(2)}`);
    console.log(`  S=${row.size}: ${parts.join(', ')}`);
  }
  backend.destroy();
  // Keep the Dawn instance reachable until here: collecting it while its device is in use crashes Dawn's Node bindings.
  void nodeGpu.gpu;
  console.log(JSON.stringify({ bench: 'render', adapter: adapterName, software: a.isSoftware, iters, results: rows }));
  process.exit(0);
}

main();
