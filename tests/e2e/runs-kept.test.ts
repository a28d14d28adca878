/**
 * Runs kept in the browser: a finished run of the test preset is listed after a reload (how far it got, how it
 * ended), reopens with its maps, and deleting it frees it; with IndexedDB refused the page says so and the run
 * still goes to the end.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, startApp } from './browser';
import { TEST_FILES } from './images';

async function runTestPreset(page: Page, model: 'ready' | 'failed' = 'ready') {
  await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
  await page.getByTestId('preset').selectOption('test');
  await page.locator(`[data-testid="model-status"][data-state="${model}"]`).waitFor({ timeout: 120_000 });
  await page.getByTestId('start').click();
  await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
}

describe('runs kept in IndexedDB', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists a finished run after a reload, reopens it with its maps, and deletes it', async () => {
    const page = await app.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(app.url);
    await page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('stored-run').count()).toBe(0);
    await runTestPreset(page);
    const stored = page.locator('[data-testid="stored-run"][data-status="done"]');
    await stored.waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('stored-run').count()).toBe(1);
    const row = page.getByTestId('stored-run').first();
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(await row.getAttribute('data-phases-done')).toBe('6');
    expect(await row.textContent()).toMatch(/finished, 6\/6 phases \(stage 1 · Step 3: joint\)/);
    expect(await row.textContent()).toContain('face.png');

    await row.getByTestId('reopen-run').click();
    const panels = page.locator('[data-testid="map-panels"][data-step="step3"]');
    await panels.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('timeline').getAttribute('data-state')).toBe('done');

    await row.getByTestId('delete-run').click();
    await page.locator('[data-testid="run-history"][data-count="0"]').waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('with storage refused, says so and still runs to the end', async () => {
    const page = await app.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // As a browser that refuses storage (private mode, a site setting): opening IndexedDB throws.
    await page.addInitScript(() => {
      const refuse = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
      Object.defineProperty(IDBFactory.prototype, 'open', { value: refuse });
    });
    // Without a model the run is the prior fit alone: a whole run in seconds (the storage path is the same).
    await page.route('**/models/synface-64/manifest.json', (route) =>
      route.fulfill({ status: 404, body: 'Not Found', contentType: 'text/plain' }),
    );
    await page.goto(app.url);
    const problem = page.getByTestId('archive-problem');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.textContent()).toMatch(/cannot be stored.*denied permission.*Runs still work/);
    await runTestPreset(page, 'failed');
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('stored-run').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
