/**
 * The default model bundle (public/models/synface-64) in Node: the engine's mapping + synthesis on Dawn against
 * onnxruntime-web's wasm EP (mapping.onnx, synthesis.onnx), same seeded z, batch 1. The browser test
 * (tests/e2e/gan-engine.test.ts) compares against the WebGPU EP on the same device.
 */
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noGrad } from '../../../../src/engine/autograd/grad-mode';
import { Random } from '../../../../src/engine/random';
import type { WebGpuBackend } from '../../../../src/engine/webgpu/backend';
import { loadBundle, type ModelBundle } from '../../../../src/gan/bundle';
import { nodeFileFetch } from '../../../../src/gan/bundle/nodeFileFetch';
import { EngineMapping } from '../../../../src/gan/engine/mapping';
import { broadcastLatents, EngineSynthesis, generatorWeightFilter } from '../../../../src/gan/engine/synthesis';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { GanOrtSessions } from '../../../../src/gan/ort';
import { compareArrays, maxAbs } from '../../../tolerance';
import { getTestBackend } from '../../engine/parity';

describe('engine StyleGAN2 on Dawn vs ORT wasm EP, default bundle synface-64', () => {
  let backend: WebGpuBackend;
  let bundle: ModelBundle;
  let gan: GanOrtSessions;
  beforeAll(async () => {
    backend = await getTestBackend();
    ort.env.wasm.numThreads = 1;
    bundle = await loadBundle('', { fetch: nodeFileFetch('public/models/synface-64') });
    gan = await GanOrtSessions.create(bundle, { ort, noGpuReason: 'reference run in Node' });
  });
  afterAll(async () => {
    await gan?.release();
  });

  it('gives the same w and image (batch 1)', async () => {
    const weights = GanWeights.load(backend, bundle, { include: generatorWeightFilter });
    const synthesis = new EngineSynthesis(weights, bundle);
    const mapping = new EngineMapping(weights, bundle.config);
    const { style_dim: dim, n_latent: nLatent } = bundle.config;
    const zData = Float32Array.from(new Random(11).normalArray(dim));
    const inUse = backend.pool.stats().inUseBuffers;

    const z = backend.fromArray(zData, [1, dim]);
    const w = mapping.generate(z);
    const wPlus = noGrad(() => broadcastLatents(w, nLatent));
    const image = synthesis.generate(wPlus);
    const engineW = await w.read();
    const engineImage = await image.read();
    const wPlusValues = Float32Array.from(await wPlus.read());
    for (const t of [z, w, wPlus, image]) t.release();
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
    synthesis.release();
    weights.release();

    const ortW = await gan.mapping({ data: zData, dims: [1, dim] });
    const mappingDiff = compareArrays(engineW, await ortW.read(), { atol: 1e-4 });
    ortW.dispose();
    const ortImage = await gan.synthesis({ data: wPlusValues, dims: [1, nLatent, dim] });
    const imageValues = await ortImage.read();
    ortImage.dispose();
    const synthesisDiff = compareArrays(engineImage, imageValues, { atol: 1e-3 });
    const imageMaxAbs = maxAbs(imageValues);
    console.log(
      `synface-64 Dawn engine vs ORT wasm: mapping max |diff| ${mappingDiff.maxAbs.toExponential(2)}, synthesis ${synthesisDiff.maxAbs.toExponential(2)} (image max |v| ${imageMaxAbs.toFixed(2)})`,
    );
    expect(imageMaxAbs).toBeGreaterThan(0.1);
    expect(mappingDiff.ok).toBe(true);
    expect(synthesisDiff.ok).toBe(true);
  });
});
