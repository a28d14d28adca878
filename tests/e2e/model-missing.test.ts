import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, startApp } from './browser';
import { TEST_FILES } from './images';

describe('the default model cannot be downloaded', () => {
  let app: AppUnderTest;
  let page: Page;
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    // As if the deployment lost the bundle: the manifest answers 404.
    await page.route('**/models/synface-64/manifest.json', (route) =>
      route.fulfill({ status: 404, body: 'Not Found', contentType: 'text/plain' }),
    );
    await page.goto(app.url);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('says so in the page and still runs the prior fit', async () => {
    const status = page.locator('[data-testid="model-status"][data-state="failed"]');
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toMatch(/manifest\.json/);
    expect(await status.textContent()).toMatch(/404/);
    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('preset').selectOption('test');
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('map-panels').getAttribute('data-step')).toBe('prior');
    // The timeline lists only the phases that can run without a model.
    expect(await page.getByTestId('timeline').locator('li').count()).toBe(1);
  });
});
