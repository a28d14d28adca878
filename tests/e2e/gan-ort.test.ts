/**
 * StyleGAN2 on onnxruntime-web's WebGPU EP in headless Chromium (SwiftShader), sharing the engine's GPUDevice:
 * synthesis from an engine buffer, an engine kernel consuming ORT's output buffer without readback, and the
 * GPU sampling path; compared with PyTorch's golden image and with the wasm EP run in Node.
 *
 * The page is test-only (tests/e2e/gan-ort.html), so it is served by Vite's dev server instead of startApp()'s
 * production build of index.html; the browser is launched with browser.ts's CHROMIUM_FLAGS. Batch 1 throughout:
 * ORT's WebGPU EP is slow on SwiftShader.
 */
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/gan/bundle';
import { nodeFileFetch } from '../../src/gan/bundle/nodeFileFetch';
import { GanOrtSessions, sampleOnCpu } from '../../src/gan/ort';
import { BUNDLE_DIR, readGolden } from '../unit/gan/fixtureBundle';
import { CHROMIUM_FLAGS } from './browser';
import type { GanOrtCheckInput, GanOrtCheckResult, GanOrtFallbackResult } from './gan-ort-page';

const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const PSI = 0.7;

async function expectedFromNode(): Promise<GanOrtCheckInput> {
  const golden = readGolden();
  const [z, w, image] = ['z', 'w', 'image'].map((name) => {
    const t = golden.get(name);
    if (!t) throw new Error(`golden.json lacks ${name}`);
    return t;
  });
  const perSample = (t: { shape: number[]; data: Float32Array }) => t.data.length / t.shape[0];
  ort.env.wasm.numThreads = 1;
  const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
  const gan = await GanOrtSessions.create(bundle, { ort, noGpuReason: 'reference run in Node' });
  const z0 = z.data.subarray(0, perSample(z));
  const sampledImage = await sampleOnCpu(gan, z0, { psi: PSI });
  await gan.release();
  return {
    bundleUrl: '/tests/fixtures/stylegan2/bundle',
    w: Array.from(w.data.subarray(0, perSample(w))),
    image: Array.from(image.data.subarray(0, perSample(image))),
    z: Array.from(z0),
    psi: PSI,
    sampledImage: Array.from(sampledImage),
  };
}

async function openPage(browser: Browser, url: string, init?: () => void): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.waitForFunction(() => typeof window.runGanOrtCheck === 'function', undefined, { timeout: 120_000 });
  return page;
}

describe('StyleGAN2 on the WebGPU EP with the engine device (headless Chromium)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let pageUrl: string;
  let input: GanOrtCheckInput;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("No Chromium found: install Debian's chromium (bash scripts/setup-system.sh).");
    server = await createServer({
      configFile: 'vite.config.ts',
      server: { host: '127.0.0.1', port: 0, strictPort: false },
      logLevel: 'error',
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('Vite did not report a port.');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    pageUrl = `http://127.0.0.1:${address.port}/tests/e2e/gan-ort.html`;
    page = await openPage(browser, pageUrl);
    input = await expectedFromNode();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs synthesis on the shared device and feeds its output buffer to an engine kernel without readback', async () => {
    const r = (await page.evaluate((i) => window.runGanOrtCheck(i), input)) as GanOrtCheckResult;
    console.info(
      `gan-ort e2e on ${r.adapter}: synthesis ${r.synthesisMs.toFixed(0)} ms; zero-copy path vs PyTorch max|diff| ` +
        `${r.zeroCopyMaxAbsDiff.toExponential(2)}; GPU sampling (psi ${PSI}) vs wasm EP ${r.sampleMaxAbsDiffVsWasm.toExponential(2)}`,
    );
    expect(r.status).toEqual({ provider: 'webgpu', sharedDevice: true, fallbackReason: null });
    expect(r.lastProgress?.total).toBe(r.lastProgress?.loaded);
    expect(r.lastProgress?.files.length).toBe(4);
    expect(r.outputLocation).toBe('gpu-buffer');
    expect(r.sameBuffer).toBe(true);
    expect(r.dispatchesForConsumer).toBe(1);
    expect(r.zeroCopyMaxAbsDiff).toBeLessThan(1e-4);
    expect(r.inputIntactMaxAbsDiff).toBe(0);
    expect(r.sampleLocation).toBe('gpu-buffer');
    expect(r.sampleMaxAbsDiffVsWasm).toBeLessThan(1e-4);
    expect(r.validationError).toBeNull();
    expect(r.inUseBuffersAfter).toBe(r.inUseBuffersBefore);
    expect(r.misuseErrors).toHaveLength(2);
    expect(r.misuseErrors[0]).toMatch(/borrows an onnxruntime output buffer/);
    expect(r.misuseErrors[1]).toMatch(/used after dispose/);
  });

  it('falls back to the wasm EP when WebGPU is missing, reports it, and gives the same images', async () => {
    const noGpuPage = await openPage(browser, pageUrl, () => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    const r = (await noGpuPage.evaluate((i) => window.runGanOrtFallbackCheck(i), input)) as GanOrtFallbackResult;
    console.info(
      `gan-ort wasm fallback in Chromium: sampling ${r.ms.toFixed(0)} ms, vs Node ${r.sampleMaxAbsDiffVsNode.toExponential(2)}`,
    );
    expect(r.status.provider).toBe('wasm');
    expect(r.status.sharedDevice).toBe(false);
    expect(r.status.fallbackReason).toMatch(/navigator.gpu is missing/);
    expect(r.status.summary).toMatch(/wasm EP/);
    expect(r.sampleMaxAbsDiffVsNode).toBeLessThan(1e-5);
    await noGpuPage.close();
  });
});
