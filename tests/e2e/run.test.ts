import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { TEST_FILES } from './images';

/** Depth values of the latest snapshot, read back from the depth map canvas's colour (viridis, near = bright). */
async function depthSpread(page: Page): Promise<number> {
  return page.getByTestId('map-depth').evaluate((canvas: HTMLCanvasElement) => {
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let lo = 255;
    let hi = 0;
    for (let i = 0; i < d.length; i += 4) {
      lo = Math.min(lo, d[i + 1]);
      hi = Math.max(hi, d[i + 1]);
    }
    return hi - lo;
  });
}

describe('a run of the test preset in headless Chromium', () => {
  let app: AppUnderTest;
  let page: Page;
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    await page.goto(app.url);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs to the end: snapshots arrive in order, the loss falls, the depth is not flat', async () => {
    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('crop-canvas').waitFor();
    await page.getByTestId('preset').selectOption('test');
    const iterations: number[] = [];
    await page.exposeFunction('recordIteration', (n: number) => iterations.push(n));
    await page.evaluate(() => {
      const panels = document.querySelector('[data-testid="map-panels"]')!;
      new MutationObserver(() => {
        const n = Number(panels.getAttribute('data-iteration'));
        (window as unknown as { recordIteration: (n: number) => void }).recordIteration(n);
      }).observe(panels, { attributes: true, attributeFilter: ['data-iteration'] });
    });
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-done.png'), fullPage: true });

    const panels = page.getByTestId('map-panels');
    expect(Number(await panels.getAttribute('data-snapshots'))).toBeGreaterThanOrEqual(3);
    expect(await panels.getAttribute('data-step')).toBe('prior');
    const seen = iterations.filter((n) => n > 0);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    const plot = page.getByTestId('loss-plot');
    expect(Number(await plot.getAttribute('data-last'))).toBeLessThan(Number(await plot.getAttribute('data-first')));
    expect(await depthSpread(page)).toBeGreaterThan(30);
  });
});
