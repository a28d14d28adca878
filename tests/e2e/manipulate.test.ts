import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { TEST_FILES } from './images';

async function pixels(page: Page): Promise<number[]> {
  return page
    .getByTestId('manip-canvas')
    .evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data]);
}

async function renders(page: Page): Promise<number> {
  return Number(await page.getByTestId('manip-canvas').getAttribute('data-renders'));
}

/** Moves a slider and waits until the renderer has drawn the new state. */
async function slide(page: Page, testId: string, value: number): Promise<void> {
  const before = await renders(page);
  await page.getByTestId(testId).fill(String(value));
  await expect.poll(() => renders(page), { timeout: 60_000 }).toBeGreaterThan(before);
  // A render that started before the change may finish first: wait until the coalescer has drawn the latest state.
  await page.locator('[data-testid="manip-canvas"][data-busy="false"]').waitFor({ timeout: 60_000 });
  await expect
    .poll(() => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(true)))), { timeout: 5000 })
    .toBe(true);
}

function difference(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d / a.length;
}

describe('rotate and relight with sliders (engine renderer, headless Chromium)', () => {
  let app: AppUnderTest;
  let page: Page;
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    await page.goto(app.url);
    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('manipulate').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="manip-canvas"]:not([data-renders="0"])').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('renders with the 3D path; the GAN path is shown unavailable with its reason until a run trains E', async () => {
    const gan = page.getByTestId('manip-path-gan');
    expect(await gan.getAttribute('data-available')).toBe('false');
    expect(await page.getByTestId('manip-gan-reason').textContent()).toMatch(/needs a run/);
    expect(await page.getByTestId('manip-gan-canvas').getAttribute('data-renders')).toBe('0');
    expect(await page.getByTestId('manip-path-mesh').getAttribute('data-available')).toBe('true');
  });

  it('re-renders the mesh when the yaw slider moves', async () => {
    const before = await pixels(page);
    await slide(page, 'manip-yawDeg', 40);
    const after = await pixels(page);
    expect(difference(before, after)).toBeGreaterThan(2);
  });

  it('relights when the light moves (with diffuse light on)', async () => {
    await slide(page, 'manip-diffuse', 1);
    const before = await pixels(page);
    await slide(page, 'manip-lightX', 1.2);
    const after = await pixels(page);
    expect(difference(before, after)).toBeGreaterThan(1);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'manipulate.png'), fullPage: true });
  });

  it('resets to the neutral view and light', async () => {
    await page.getByTestId('manip-reset').click();
    await expect.poll(async () => page.getByTestId('manip-yawDeg').inputValue()).toBe('0');
  });
});
