/**
 * Test-only page for tests/e2e/gan-ort.test.ts (served by Vite's dev server, never part of the app build).
 * Loads the golden tiny bundle over HTTP, runs synthesis on ORT's WebGPU EP with the engine's own GPUDevice and
 * lets an engine kernel consume ORT's output buffer directly (no readback, no copy); also runs the whole sampling
 * path (mapping -> engine truncation/broadcast -> synthesis) on the GPU. Returns numbers for the test to judge.
 */

import { mulScalar, WebGpuBackend } from '../../src/engine';
import { createEngineDevice } from '../../src/engine/device';
import { type BundleProgress, loadBundle } from '../../src/gan/bundle';
import { GanOrtSessions, importOrtWebGpu, sampleOnCpu, sampleOnGpu } from '../../src/gan/ort';
import { compareArrays } from '../tolerance';

export interface GanOrtCheckInput {
  bundleUrl: string;
  /** w [1, n_latent, D] and the PyTorch image [1, 3, S, S] for it. */
  w: number[];
  image: number[];
  /** z [1, D], psi, and the wasm EP's image for sampleOnGpu's path (computed in Node). */
  z: number[];
  psi: number;
  sampledImage: number[];
}

export interface GanOrtCheckResult {
  adapter: string;
  status: { provider: string; sharedDevice: boolean; fallbackReason: string | null };
  lastProgress: BundleProgress | null;
  outputLocation: string;
  /** The engine kernel bound ORT's own GPUBuffer object. */
  sameBuffer: boolean;
  dispatchesForConsumer: number;
  /** max |engine(2 * ORT output) / 2 - PyTorch image| */
  zeroCopyMaxAbsDiff: number;
  /** The engine's input buffer still holds w after ORT read it (ORT did not dispose or overwrite it). */
  inputIntactMaxAbsDiff: number;
  sampleLocation: string;
  sampleMaxAbsDiffVsWasm: number;
  synthesisMs: number;
  validationError: string | null;
  inUseBuffersBefore: number;
  inUseBuffersAfter: number;
  /** Errors raised by ownership misuse: releasing the borrowed view, using a disposed output. */
  misuseErrors: string[];
}

export interface GanOrtFallbackResult {
  status: { provider: string; sharedDevice: boolean; fallbackReason: string | null; summary: string };
  sampleMaxAbsDiffVsNode: number;
  ms: number;
}

declare global {
  interface Window {
    runGanOrtCheck: (input: GanOrtCheckInput) => Promise<GanOrtCheckResult>;
    runGanOrtFallbackCheck: (input: GanOrtCheckInput) => Promise<GanOrtFallbackResult>;
  }
}

const status = (text: string) => {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
};

window.runGanOrtCheck = async (input: GanOrtCheckInput): Promise<GanOrtCheckResult> => {
  status('device');
  const engine = await createEngineDevice(navigator.gpu);
  const device = engine.device;
  const backend = new WebGpuBackend(device);
  device.pushErrorScope('validation');
  const ort = await importOrtWebGpu();
  let lastProgress: BundleProgress | null = null;
  status('bundle');
  const bundle = await loadBundle(input.bundleUrl, { onProgress: (p) => (lastProgress = p) });
  status('sessions');
  const gan = await GanOrtSessions.create(bundle, { ort, backend });
  const c = bundle.config;
  const inUseBuffersBefore = backend.pool.stats().inUseBuffers;

  // Engine tensor in (fromGpuBuffer), ORT GPU buffer out.
  status('synthesis');
  const w = backend.fromArray(input.w, [1, c.n_latent, c.style_dim]);
  const t0 = performance.now();
  const out = await gan.synthesis(w);
  const synthesisMs = performance.now() - t0;
  const outputLocation = out.location;

  // Zero-copy: an engine kernel reads ORT's buffer itself. Nothing is read back before this dispatch.
  const view = out.engineView(backend);
  const sameBuffer = backend.buffer(view) === out.gpuBuffer;
  const dispatchesBefore = backend.dispatchCount;
  const doubled = mulScalar(view, 2);
  const dispatchesForConsumer = backend.dispatchCount - dispatchesBefore;
  const doubledValues = await backend.readFloat32(doubled);
  const zeroCopyMaxAbsDiff = compareArrays(
    Array.from(doubledValues, (v) => v * 0.5),
    input.image,
  ).maxAbs;
  doubled.release();
  const misuseErrors: string[] = [];
  try {
    view.release();
  } catch (err) {
    misuseErrors.push((err as Error).message);
  }
  out.dispose();
  try {
    out.engineView(backend);
  } catch (err) {
    misuseErrors.push((err as Error).message);
  }
  const inputIntactMaxAbsDiff = compareArrays(await backend.readFloat32(w), input.w).maxAbs;
  w.release();

  // The whole sampling path on the device: mapping (engine z in) -> truncation + broadcast (engine) -> synthesis.
  status('sample');
  const z = backend.fromArray(input.z, [1, c.style_dim]);
  const sample = await sampleOnGpu(gan, z, { psi: input.psi });
  const sampleLocation = sample.location;
  const sampleMaxAbsDiffVsWasm = compareArrays(await sample.read(), input.sampledImage).maxAbs;
  sample.dispose();
  z.release();
  backend.flush();
  await device.queue.onSubmittedWorkDone();
  const inUseBuffersAfter = backend.pool.stats().inUseBuffers;
  await gan.release();
  const error = await device.popErrorScope();
  status('done');
  return {
    adapter: `${engine.adapter.vendor} ${engine.adapter.architecture} ${engine.adapter.description}`,
    status: {
      provider: gan.status.provider,
      sharedDevice: gan.status.sharedDevice,
      fallbackReason: gan.status.fallbackReason,
    },
    lastProgress,
    outputLocation,
    sameBuffer,
    dispatchesForConsumer,
    zeroCopyMaxAbsDiff,
    inputIntactMaxAbsDiff,
    sampleLocation,
    sampleMaxAbsDiffVsWasm,
    synthesisMs,
    validationError: error ? error.message : null,
    inUseBuffersBefore,
    inUseBuffersAfter,
    misuseErrors,
  };
};

/** Without WebGPU (the test hides navigator.gpu): the same ORT build falls back to its wasm EP, and says so. */
window.runGanOrtFallbackCheck = async (input: GanOrtCheckInput): Promise<GanOrtFallbackResult> => {
  let noGpuReason = 'WebGPU is present';
  try {
    const engine = await createEngineDevice(navigator.gpu);
    engine.device.destroy();
  } catch (err) {
    noGpuReason = (err as Error).message;
  }
  const ort = await importOrtWebGpu();
  const bundle = await loadBundle(input.bundleUrl);
  const gan = await GanOrtSessions.create(bundle, { ort, backend: null, noGpuReason });
  const t0 = performance.now();
  const image = await sampleOnCpu(gan, Float32Array.from(input.z), { psi: input.psi });
  const ms = performance.now() - t0;
  await gan.release();
  const { provider, sharedDevice, fallbackReason, summary } = gan.status;
  return {
    status: { provider, sharedDevice, fallbackReason, summary },
    sampleMaxAbsDiffVsNode: compareArrays(image, input.sampledImage).maxAbs,
    ms,
  };
};

status('ready');
