import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';

describe('start page in headless Chromium (SwiftShader WebGPU)', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds an adapter, shows it, and the trivial compute is right', async () => {
    const page = await app.newPage();
    await page.goto(app.url);
    const panel = page.getByTestId('adapter-panel');
    await panel.waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('details summary').first().click();
    await panel.waitFor({ timeout: 10_000 });
    const vendor = (await page.getByTestId('adapter-vendor').textContent())?.trim();
    expect(vendor && vendor.length > 0).toBe(true);
    const smoke = page.getByTestId('smoke-result');
    expect(await smoke.getAttribute('data-ok')).toBe('true');
    expect(Number(await smoke.getAttribute('data-max-error'))).toBeLessThan(1e-5);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'start-page.png'), fullPage: true });
  });

  it('shows a friendly message instead of a blank page when WebGPU is missing', async () => {
    const page = await app.newPage();
    // Simulate a browser without WebGPU: hide navigator.gpu before the app's code runs.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await page.goto(app.url);
    const message = page.getByTestId('no-webgpu');
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toContain('WebGPU is not available');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'no-webgpu.png'), fullPage: true });
  });
});
