/**
 * A run that blows up in the page: `?fault=prior:2` puts a NaN into the nets before the prior fit's 3rd
 * iteration (src/gan2shape/method/faultInjection.ts), with the tiny model (tests/e2e/tinyModel.ts). The run stops
 * with a message naming the phase, the iteration and what went non-finite; the maps keep the last good snapshot;
 * Restart is offered and the page throws nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, startApp } from './browser';
import { TEST_FILES } from './images';
import { serveTinyModel } from './tinyModel';

describe('a forced NaN in the page', () => {
  let app: AppUnderTest;
  let page: Page;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await serveTinyModel(page);
    await page.goto(`${app.url}?fault=prior:2`);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stops the run with its message, keeps the last good snapshot and offers a restart', async () => {
    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('preset').selectOption('test');
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('start').click();
    const error = page.getByTestId('run-error');
    await error.waitFor({ timeout: 240_000 });
    // the losses and weights are read every 5 iterations: iteration 5 is the first reading after the fault
    expect(await error.textContent()).toMatch(
      /Ellipsoid prior, iteration 5: \d+ of the weights this step trains are NaN or infinite/,
    );
    // the inversion's closing snapshot (the last before the fault: the test preset's prior fit snapshots at its
    // 10th and last iteration) is the one the maps still show
    const panels = page.getByTestId('map-panels');
    expect(await panels.getAttribute('data-step')).toBe('inversion');
    expect(await panels.getAttribute('data-iteration')).toBe('3');
    const start = page.getByTestId('start');
    expect(await start.textContent()).toBe('Restart');
    expect(await start.isDisabled()).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
