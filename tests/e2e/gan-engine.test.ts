/**
 * The engine's StyleGAN2 (mapping + synthesis, src/gan/engine) against onnxruntime-web's WebGPU EP on the same
 * GPUDevice in headless Chromium (SwiftShader), for the default model bundle public/models/synface-64: same z,
 * same w+, images compared elementwise. The test-only page (gan-engine.html) is served by Vite's dev server.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../tools/browser/chromium';
import { CHROMIUM_FLAGS } from './browser';
import type { GanEngineCheckResult } from './gan-engine-page';

describe('engine StyleGAN2 vs ORT WebGPU EP on the default bundle (headless Chromium)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await createServer({
      configFile: 'vite.config.ts',
      server: { host: '127.0.0.1', port: 0, strictPort: false },
      logLevel: 'error',
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('Vite did not report a port.');
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
    page = await browser.newPage();
    page.on('pageerror', (err) => console.error('[page error]', err.message));
    await page.goto(`http://127.0.0.1:${address.port}/tests/e2e/gan-engine.html`);
    await page.waitForFunction(() => typeof window.runGanEngineCheck === 'function', undefined, { timeout: 120_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('synface-64, batch 2: engine images equal the ORT images within 1e-3', async () => {
    const r = (await page.evaluate((i) => window.runGanEngineCheck(i), {
      bundleUrl: '/models/synface-64',
      batch: 2,
      seed: 7,
    })) as GanEngineCheckResult;
    console.info(
      `gan-engine e2e on ${r.adapter}: engine vs ORT max|diff| synthesis ${r.synthesisMaxAbsDiff.toExponential(2)} ` +
        `(clamped ${r.clampedMaxAbsDiff.toExponential(2)}, image max|v| ${r.imageMaxAbs.toFixed(2)}), mapping ` +
        `${r.mappingMaxAbsDiff.toExponential(2)}; engine ${r.engineMs.toFixed(0)} ms, ORT ${r.ortMs.toFixed(0)} ms (first runs)`,
    );
    expect(r.provider).toBe('webgpu');
    expect(r.imageShape).toEqual([2, 3, 64, 64]);
    expect(r.imageMaxAbs).toBeGreaterThan(0.1);
    expect(r.synthesisMaxAbsDiff).toBeLessThanOrEqual(1e-3);
    expect(r.clampedMaxAbsDiff).toBeLessThanOrEqual(1e-3);
    expect(r.mappingMaxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(r.validationError).toBeNull();
    expect(r.inUseBuffersAfter).toBe(r.inUseBuffersBefore);
  });
});
