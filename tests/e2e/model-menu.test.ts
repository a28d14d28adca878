/**
 * Any exported model (issue 13): a bundle exported by tools/stylegan2 (the committed golden tiny bundle, written by
 * golden_fixtures.py through export.py's write_bundle) is opened from disk through the model menu's folder picker
 * and used for a run of the test preset to the end; broken bundles (as zips) are refused with their message; after
 * a reload the opened model is still listed and is the one in use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { TEST_FILES } from './images';

const BUNDLE_DIR = resolve('tests/fixtures/stylegan2/bundle');
const MODEL = 'golden-tiny-64';

/** The fixture bundle as a zip of its folder, with `edit` applied to its files first. */
function zipOf(name: string, edit: (files: Map<string, Uint8Array>) => void) {
  const files = new Map(readdirSync(BUNDLE_DIR).map((f) => [f, new Uint8Array(readFileSync(join(BUNDLE_DIR, f)))]));
  edit(files);
  const zip = zipSync(Object.fromEntries([...files].map(([f, b]) => [`${MODEL}/${f}`, b])), { level: 1 });
  return { name, mimeType: 'application/zip', buffer: Buffer.from(zip) };
}

const modelReady = (page: Page, name: string) =>
  page.locator(`[data-testid="model-status"][data-state="ready"][data-model="${name}"]`).waitFor({ timeout: 120_000 });

describe('a model bundle opened from disk', () => {
  let app: AppUnderTest;
  let page: Page;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(app.url);
    await page.locator('[data-testid="model-menu"][data-state="ready"]').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses broken bundles with their message and keeps the bundled model', async () => {
    await modelReady(page, 'synface-64');
    const zipInput = page.getByTestId('model-zip-input');
    const problem = page.getByTestId('model-problem');

    await zipInput.setInputFiles(zipOf('no-weights.zip', (f) => f.delete('weights.bin')));
    await expect
      .poll(() => problem.textContent(), { timeout: 20_000 })
      .toMatch(/^no-weights.zip is missing weights.bin/);

    const cut = zipOf('cut.zip', (f) => f.set('weights.bin', (f.get('weights.bin') as Uint8Array).slice(0, 100_000)));
    await zipInput.setInputFiles(cut);
    await expect
      .poll(() => problem.textContent(), { timeout: 20_000 })
      .toMatch(/weights.bin is truncated: it has 100000 bytes, the tensor table needs 178752/);

    const v2 = zipOf('v2.zip', (f) => {
      const manifest = JSON.parse(new TextDecoder().decode(f.get('manifest.json')));
      f.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, version: 2 })));
    });
    await zipInput.setInputFiles(v2);
    await expect.poll(() => problem.textContent(), { timeout: 20_000 }).toMatch(/version 2 is not supported/);

    expect(await page.getByTestId('model-status').getAttribute('data-model')).toBe('synface-64');
    expect(await page.getByTestId('model-option').count()).toBe(0);
  });

  it('opens an exported bundle folder and runs the test preset on it to the end', async () => {
    await page.getByTestId('model-folder-input').setInputFiles(BUNDLE_DIR);
    await modelReady(page, MODEL);
    expect(await page.getByTestId('model-problem').count()).toBe(0);
    // Its card: it declares no category, so face is assumed (and said).
    const card = page.getByTestId('model-card');
    expect(await card.getAttribute('data-category')).toBe('face');
    await card.locator('summary').click();
    expect(await page.getByTestId('model-category').textContent()).toMatch(/declares no category; face is assumed/);

    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('preset').selectOption('test');
    await page.getByTestId('crop-canvas').waitFor({ timeout: 30_000 });
    const started = Date.now();
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 240_000 });
    console.log(`[model-menu] test preset on ${MODEL}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    // The run went through the GAN phases (inversion first) and is stored with this model's name.
    expect(await page.getByTestId('timeline').locator('li').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('stored-run').first().textContent(), { timeout: 20_000 }).toContain(MODEL);
    await page.getByTestId('model-menu').screenshot({ path: join(ARTIFACTS_DIR, 'model-menu.png') });
  });

  it('still lists the opened model after a reload, and uses it', async () => {
    await page.reload();
    await page.locator('[data-testid="model-menu"][data-state="ready"][data-count="1"]').waitFor({ timeout: 60_000 });
    await modelReady(page, MODEL);
    expect(await page.getByTestId('model-select').inputValue()).toBe(`local:${MODEL}`);
    expect(await page.getByTestId('model-option').textContent()).toMatch(
      /golden-tiny-64 \(face, 64 px, from a folder\)/,
    );
    // Back to the bundled model from the menu.
    await page.getByTestId('model-select').selectOption('synface-64');
    await modelReady(page, 'synface-64');
    expect(pageErrors).toEqual([]);
  });
});
