/**
 * The fallback path end to end in Node: onnxruntime-web's wasm EP on the golden tiny bundle, against the PyTorch
 * results in tests/fixtures/stylegan2/golden.*. The bundle's own parity report (export time) says <= 6.2e-6.
 */
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend, type WebGpuBackend } from '../../../src/engine';
import { BundleError, loadBundle, ModelBundle } from '../../../src/gan/bundle';
import { nodeFileFetch } from '../../../src/gan/bundle/nodeFileFetch';
import { broadcastLatents } from '../../../src/gan/engine/synthesis';
import { broadcastLatentsOnCpu, GanOrtSessions, sampleOnCpu, truncateLatents } from '../../../src/gan/ort';
import { compareArrays } from '../../tolerance';
import { BUNDLE_DIR, readGolden } from './fixtureBundle';

const TOLERANCE = 1e-4;

describe('StyleGAN2 on the wasm EP (Node) vs PyTorch golden results', () => {
  const golden = readGolden();
  let bundle: ModelBundle;
  let gan: GanOrtSessions;

  beforeAll(async () => {
    ort.env.wasm.numThreads = 1;
    bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
    gan = await GanOrtSessions.create(bundle, { ort, noGpuReason: 'Node has no WebGPU here' });
  });
  afterAll(async () => {
    await gan?.release();
  });

  it('reports the fallback clearly', () => {
    expect(gan.status.provider).toBe('wasm');
    expect(gan.status.sharedDevice).toBe(false);
    expect(gan.status.forwardOnly).toBe(true);
    expect(gan.status.summary).toContain('Node has no WebGPU here');
  });

  it('mapping and synthesis match PyTorch (batch 2)', async () => {
    const z = golden.get('z');
    const wFromZ = golden.get('w_from_z');
    const w = golden.get('w');
    const image = golden.get('image');
    if (!z || !wFromZ || !w || !image) throw new Error('golden.json lacks z, w_from_z, w or image');
    const wOut = await gan.mapping({ data: z.data, dims: z.shape });
    expect(wOut.location).toBe('cpu');
    expect(wOut.dims).toEqual([2, 16]);
    const mappingDiff = compareArrays(await wOut.read(), wFromZ.data).maxAbs;
    wOut.dispose();
    const imageOut = await gan.synthesis({ data: w.data, dims: w.shape });
    expect(imageOut.dims).toEqual([2, 3, 64, 64]);
    const synthesisDiff = compareArrays(await imageOut.read(), image.data).maxAbs;
    imageOut.dispose();
    console.info(
      `wasm EP vs PyTorch: mapping max|diff| ${mappingDiff.toExponential(2)}, synthesis ${synthesisDiff.toExponential(2)}`,
    );
    expect(mappingDiff).toBeLessThan(TOLERANCE);
    expect(synthesisDiff).toBeLessThan(TOLERANCE);
  });

  it('sampleOnCpu splits batches without changing results, and psi = 0 collapses every sample to G(w_avg)', async () => {
    const z = golden.get('z');
    if (!z) throw new Error('golden.json lacks z');
    const whole = await sampleOnCpu(gan, z.data, { maxBatch: 2 });
    const split = await sampleOnCpu(gan, z.data, { maxBatch: 1 });
    expect(compareArrays(whole, split).maxAbs).toBeLessThan(1e-6);
    // The same images from the graphs called directly.
    const wOut = await gan.mapping({ data: z.data, dims: z.shape });
    const wPlus = broadcastLatentsOnCpu(await wOut.read(), 16, 10);
    wOut.dispose();
    const direct = await gan.synthesis({ data: wPlus, dims: [2, 10, 16] });
    expect(compareArrays(whole, await direct.read()).maxAbs).toBeLessThan(1e-6);
    direct.dispose();
    const collapsed = await sampleOnCpu(gan, z.data, { psi: 0 });
    const size = 3 * 64 * 64;
    expect(compareArrays(collapsed.subarray(0, size), collapsed.subarray(size)).maxAbs).toBeLessThan(1e-6);
    const avgImage = await gan.synthesis({ data: broadcastLatentsOnCpu(bundle.wAvg(), 16, 10), dims: [1, 10, 16] });
    expect(compareArrays(collapsed.subarray(0, size), await avgImage.read()).maxAbs).toBeLessThan(1e-6);
    avgImage.dispose();
    expect(compareArrays(whole.subarray(0, size), whole.subarray(size)).maxAbs).toBeGreaterThan(1e-3);
  });

  it('refuses wrong dims and engine tensors on the wasm EP', async () => {
    await expect(gan.synthesis({ data: new Float32Array(16), dims: [1, 16] })).rejects.toThrow(
      /synthesis.onnx expects \[B, 10, 16\], got \[1, 16\]/,
    );
    await expect(gan.mapping({ data: new Float32Array(15), dims: [1, 16] })).rejects.toThrow(/15 values/);
    const cpu = new CpuBackend();
    const t = cpu.zeros([1, 16]);
    await expect(gan.mapping(t)).rejects.toThrow(/cannot feed the wasm EP \(Node has no WebGPU here\)/);
    t.release();
  });
});

describe('session creation', () => {
  it('falls back to the wasm EP, with the reason, when the WebGPU EP cannot start', async () => {
    ort.env.wasm.numThreads = 1;
    const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
    // Node's onnxruntime-web has no WebGPU EP: session creation on it fails like a browser whose EP breaks.
    const fakeBackend = { device: {} } as unknown as WebGpuBackend;
    const gan = await GanOrtSessions.create(bundle, { ort, backend: fakeBackend });
    expect(gan.status.provider).toBe('wasm');
    expect(gan.backend).toBeNull();
    expect(gan.status.fallbackReason).toMatch(/^the WebGPU EP failed to start \(.+\)$/);
    await gan.release();
    await expect(
      GanOrtSessions.create(bundle, { ort, backend: fakeBackend, fallbackOnWebGpuError: false }),
    ).rejects.toThrow();
  });

  it('refuses graphs whose inputs and outputs do not fit the bundle format', async () => {
    const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
    const swapped = new ModelBundle({
      manifest: bundle.manifest,
      weights: bundle.weights,
      mapping: bundle.onnx.synthesis,
      synthesis: bundle.onnx.mapping,
    });
    const attempt = GanOrtSessions.create(swapped, { ort });
    await expect(attempt).rejects.toBeInstanceOf(BundleError);
    await expect(attempt).rejects.toThrow(
      /mapping.onnx has inputs \[w\] and outputs \[image\]; the bundle format needs z -> w/,
    );
  });
});

describe('latent helpers', () => {
  it('truncates toward w_avg per feature', () => {
    const w = Float32Array.from([1, 2, 3, 4]);
    const avg = Float32Array.from([1, 0]);
    expect(Array.from(truncateLatents(w, avg, 0.5))).toEqual([1, 1, 2, 2]);
    expect(Array.from(truncateLatents(w, avg, 1))).toEqual([1, 2, 3, 4]);
    expect(() => truncateLatents(w, avg, Number.NaN)).toThrow(/finite/);
  });

  it('broadcasts one w per sample to every style input', () => {
    expect(Array.from(broadcastLatentsOnCpu(Float32Array.from([1, 2, 3, 4]), 2, 3))).toEqual([
      1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4,
    ]);
  });
});

describe('latent helpers on the engine (cpu backend runs the same op code as webgpu)', () => {
  it("truncateOnEngine and the engine's broadcastLatents (sampleOnGpu's path) equal the CPU versions", async () => {
    const { truncateOnEngine } = await import('../../../src/gan/ort');
    const cpu = new CpuBackend();
    const wData = Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i + 1));
    const avgData = Float32Array.from([0.5, -1, 2, 0.25]);
    const w = cpu.fromArray(wData, [3, 4]);
    const avg = cpu.fromArray(avgData, [1, 4]);
    const truncated = truncateOnEngine(w, avg, 0.7);
    const expected = truncateLatents(wData, avgData, 0.7);
    const got = await truncated.read();
    for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 6);
    const wPlus = broadcastLatents(truncated, 5);
    expect(wPlus.shape).toEqual([3, 5, 4]);
    const plus = await wPlus.read();
    const expectedPlus = broadcastLatentsOnCpu(expected, 4, 5);
    for (let i = 0; i < expectedPlus.length; i++) expect(plus[i]).toBeCloseTo(expectedPlus[i], 6);
    for (const t of [w, avg, truncated, wPlus]) t.release();
    expect(cpu.liveTensors).toBe(0);
  });
});
