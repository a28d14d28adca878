/**
 * Browser side of bench:gan: StyleGAN2 synthesis on the engine (src/gan/engine) vs onnxruntime-web's WebGPU EP,
 * both on the engine's GPUDevice in this page, same w+; plus the engine's forward + backward w.r.t. w+.
 * The runner (run.ts) calls window.runGanBench(config).
 */
import { noGrad } from '../../src/engine/autograd/grad-mode';
import { Tape } from '../../src/engine/autograd/tape';
import { createEngineDevice } from '../../src/engine/device';
import { mul } from '../../src/engine/ops/elementwise';
import { mean } from '../../src/engine/ops/reduce';
import { Random } from '../../src/engine/random';
import { WebGpuBackend } from '../../src/engine/webgpu/backend';
import { loadBundle } from '../../src/gan/bundle';
import { EngineMapping } from '../../src/gan/engine/mapping';
import { broadcastLatents, EngineSynthesis, generatorWeightFilter } from '../../src/gan/engine/synthesis';
import { GanWeights } from '../../src/gan/engine/weights';
import { GanOrtSessions, importOrtWebGpu } from '../../src/gan/ort';
import type { GanBenchBundle, GanBenchCase, GanBenchConfig, GanBenchResult } from './config';

declare global {
  interface Window {
    runGanBench: (config: GanBenchConfig) => Promise<GanBenchResult>;
  }
}

const status = (text: string) => {
  (document.getElementById('status') as HTMLElement).textContent = text;
  console.log(`[bench:gan] ${text}`);
};

/** Mean ms of `reps` runs after `warmup` ones; the GPU work of every run is awaited before the clock stops. */
async function timeIt(backend: WebGpuBackend, config: GanBenchConfig, run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < config.warmup; i++) await run();
  await backend.finish();
  const t0 = performance.now();
  for (let i = 0; i < config.reps; i++) await run();
  await backend.finish();
  return (performance.now() - t0) / config.reps;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return max;
}

interface Loaded {
  gan: GanOrtSessions;
  weights: GanWeights;
  synthesis: EngineSynthesis;
  mapping: EngineMapping;
}

async function benchBatch(
  backend: WebGpuBackend,
  loaded: Loaded,
  b: GanBenchBundle,
  batch: number,
  config: GanBenchConfig,
): Promise<GanBenchCase> {
  const { gan, synthesis, mapping } = loaded;
  const dim = synthesis.styleDim;
  const z = backend.fromArray(new Random(config.seed + batch).normalArray(batch * dim), [batch, dim]);
  const w = mapping.generate(z);
  const wPlus = noGrad(() => broadcastLatents(w, synthesis.nLatent));

  // The first run of each side is a warm-up (shader compilation) whose image also serves the comparison.
  const afterFirst = { ...config, warmup: config.warmup - 1 };
  status(`${b.name} batch ${batch}: engine forward`);
  const engineFirst = synthesis.generate(wPlus);
  const engineValues = await backend.readFloat32(engineFirst);
  engineFirst.release();
  const engineForwardMs = await timeIt(backend, afterFirst, async () => synthesis.generate(wPlus).release());
  status(`${b.name} batch ${batch}: ORT forward`);
  const ortFirst = await gan.synthesis(wPlus);
  const maxAbsDiffVsOrt = maxAbsDiff(engineValues, await ortFirst.read());
  ortFirst.dispose();
  const ortForwardMs = await timeIt(backend, afterFirst, async () => (await gan.synthesis(wPlus)).dispose());

  let engineForwardBackwardMs: number | null = null;
  if (config.backwardBatches.includes(batch)) {
    status(`${b.name} batch ${batch}: engine forward + backward`);
    const leaf = backend.clone(wPlus);
    leaf.requiresGrad = true;
    engineForwardBackwardMs = await timeIt(backend, config, async () => {
      const tape = new Tape();
      const loss = tape.run(() => {
        const image = synthesis.forward(leaf);
        return mean(mul(image, image));
      });
      tape.backward(loss);
      tape.free();
      leaf.grad?.release();
      leaf.grad = null;
    });
    leaf.release();
  }
  for (const t of [z, w, wPlus]) t.release();
  return {
    bundle: b.name,
    size: synthesis.size,
    batch,
    engineForwardMs,
    ortForwardMs,
    ratio: engineForwardMs / ortForwardMs,
    maxAbsDiffVsOrt,
    engineForwardBackwardMs,
  };
}

window.runGanBench = async (config: GanBenchConfig): Promise<GanBenchResult> => {
  if (!(config.warmup >= 1)) throw new Error(`bench:gan needs at least one warm-up run, got ${config.warmup}.`);
  status('device');
  const engine = await createEngineDevice(navigator.gpu);
  const convKernel = engine.adapter.isSoftware ? 'register' : 'tiled';
  const backend = new WebGpuBackend(engine.device, { convKernel });
  const ort = await importOrtWebGpu();
  const cases: GanBenchCase[] = [];
  for (const b of config.bundles) {
    status(`${b.name}: loading`);
    const bundle = await loadBundle(b.url);
    const gan = await GanOrtSessions.create(bundle, { ort, backend, fallbackOnWebGpuError: false });
    const weights = GanWeights.load(backend, bundle, { include: generatorWeightFilter });
    const loaded: Loaded = {
      gan,
      weights,
      synthesis: new EngineSynthesis(weights, bundle),
      mapping: new EngineMapping(weights, bundle.config),
    };
    try {
      for (const batch of config.batches) cases.push(await benchBatch(backend, loaded, b, batch, config));
    } finally {
      loaded.synthesis.release();
      weights.release();
      await gan.release();
    }
  }
  status('done');
  const { vendor, architecture, description, isSoftware } = engine.adapter;
  return {
    adapter: { vendor, architecture, description, isSoftware },
    convKernel,
    warmup: config.warmup,
    reps: config.reps,
    cases,
  };
};

status('ready');
