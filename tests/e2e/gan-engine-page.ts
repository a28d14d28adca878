/**
 * Test-only page for tests/e2e/gan-engine.test.ts (served by Vite's dev server, never part of the app build).
 * Loads a model bundle over HTTP and runs StyleGAN2 twice on one GPUDevice: the engine's mapping + synthesis
 * (src/gan/engine) and onnxruntime-web's WebGPU EP (mapping.onnx, synthesis.onnx) sharing the engine's device,
 * on the same seeded z. Returns the differences for the test to judge.
 */
import { noGrad } from '../../src/engine/autograd/grad-mode';
import { createEngineDevice } from '../../src/engine/device';
import { Random } from '../../src/engine/random';
import { WebGpuBackend } from '../../src/engine/webgpu/backend';
import { loadBundle } from '../../src/gan/bundle';
import { EngineMapping } from '../../src/gan/engine/mapping';
import { broadcastLatents, EngineSynthesis, generatorWeightFilter } from '../../src/gan/engine/synthesis';
import { GanWeights } from '../../src/gan/engine/weights';
import { GanOrtSessions, importOrtWebGpu } from '../../src/gan/ort';
import { compareArrays, maxAbs } from '../tolerance';

export interface GanEngineCheckInput {
  bundleUrl: string;
  batch: number;
  seed: number;
}

export interface GanEngineCheckResult {
  adapter: string;
  provider: string;
  imageShape: number[];
  /** max |engine w - ORT w| for the same z */
  mappingMaxAbsDiff: number;
  /** max |engine image - ORT image| for the same w+ (raw, unclamped) */
  synthesisMaxAbsDiff: number;
  /** the same after clamping both to [-1, 1], as the app displays them */
  clampedMaxAbsDiff: number;
  /** max |ORT image|: the images are not degenerate */
  imageMaxAbs: number;
  engineMs: number;
  ortMs: number;
  validationError: string | null;
  inUseBuffersBefore: number;
  inUseBuffersAfter: number;
}

declare global {
  interface Window {
    runGanEngineCheck: (input: GanEngineCheckInput) => Promise<GanEngineCheckResult>;
  }
}

/** Images clamped to the displayed range [-1, 1]. */
const clamp = (image: Float32Array) => image.map((v) => Math.min(1, Math.max(-1, v)));

const status = (text: string) => {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
};

window.runGanEngineCheck = async (input: GanEngineCheckInput): Promise<GanEngineCheckResult> => {
  status('device');
  const engine = await createEngineDevice(navigator.gpu);
  const device = engine.device;
  const backend = new WebGpuBackend(device, { convKernel: engine.adapter.isSoftware ? 'register' : 'tiled' });
  device.pushErrorScope('validation');
  const ort = await importOrtWebGpu();
  status('bundle');
  const bundle = await loadBundle(input.bundleUrl);
  const gan = await GanOrtSessions.create(bundle, { ort, backend });
  const weights = GanWeights.load(backend, bundle, { include: generatorWeightFilter });
  const synthesis = new EngineSynthesis(weights, bundle);
  const mapping = new EngineMapping(weights, bundle.config);
  const { style_dim: dim, n_latent: nLatent } = bundle.config;
  const inUseBuffersBefore = backend.pool.stats().inUseBuffers;

  status('mapping');
  const z = backend.fromArray(new Random(input.seed).normalArray(input.batch * dim), [input.batch, dim]);
  const w = mapping.generate(z);
  const ortW = await gan.mapping(z);
  const mappingMaxAbsDiff = compareArrays(await backend.readFloat32(w), await ortW.read()).maxAbs;
  ortW.dispose();

  status('synthesis');
  const wPlus = noGrad(() => broadcastLatents(w, nLatent));
  let t0 = performance.now();
  const image = synthesis.generate(wPlus);
  const engineImage = await backend.readFloat32(image);
  const engineMs = performance.now() - t0;
  t0 = performance.now();
  const ortOut = await gan.synthesis(wPlus);
  const ortImage = await ortOut.read();
  const ortMs = performance.now() - t0;
  const imageShape = [...image.shape];
  ortOut.dispose();
  for (const t of [z, w, wPlus, image]) t.release();
  backend.flush();
  await device.queue.onSubmittedWorkDone();
  const inUseBuffersAfter = backend.pool.stats().inUseBuffers;
  synthesis.release();
  weights.release();
  await gan.release();
  const error = await device.popErrorScope();
  status('done');
  return {
    adapter: `${engine.adapter.vendor} ${engine.adapter.architecture} ${engine.adapter.description}`,
    provider: gan.status.provider,
    imageShape,
    mappingMaxAbsDiff,
    synthesisMaxAbsDiff: compareArrays(engineImage, ortImage).maxAbs,
    clampedMaxAbsDiff: compareArrays(clamp(engineImage), clamp(ortImage)).maxAbs,
    imageMaxAbs: maxAbs(ortImage),
    engineMs,
    ortMs,
    validationError: error ? error.message : null,
    inUseBuffersBefore,
    inUseBuffersAfter,
  };
};

status('ready');
