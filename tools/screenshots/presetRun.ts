/**
 * The README's screenshots after a real preset run (issue 13 asks for them after the `preview` or `cpu` preset,
 * not the seconds-long `test` preset the e2e layer uses): the built app in headless Chromium (the e2e harness,
 * SwiftShader unless the machine has a GPU), one run on a bundled photo (its face found by the app) and one on a
 * bundled synthetic face (its ground truth beside the result). Writes, into --out:
 *   app-photo-<preset>-done.png, app-photo-<preset>-rotated-both-paths.png (yaw 30 deg: the mesh and the GAN path),
 *   app-ground-truth-<preset>.png (GT depth, recovered depth, difference, SIDE / MAD).
 * Usage: npm run screenshots -- [--preset cpu|preview|test] [--out docs/screenshots] [--only photo|synthetic]
 * A cpu-preset run takes a quarter of an hour or more per image on a software adapter.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { type AppUnderTest, startApp } from '../../tests/e2e/browser';

const PHOTO = 'photos/grace_hopper.jpg';
const SYNTHETIC = 'synface/synface_1000000_image.png';
const HOUR = 3_600_000;

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'cpu' },
    out: { type: 'string', default: 'docs/screenshots' },
    only: { type: 'string' },
  },
});
const preset = values.preset ?? 'cpu';
if (!['test', 'cpu', 'preview', 'paper'].includes(preset)) throw new Error(`Unknown preset "${preset}".`);
const out = resolve(values.out ?? 'docs/screenshots');
mkdirSync(out, { recursive: true });

const log = (msg: string) => console.log(`[screenshots ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Picks a gallery entry, waits for its crop, runs the preset to the end; throws on a run error. */
async function runOn(page: Page, file: string, cropReady: string): Promise<void> {
  await page.goto(appUrl);
  await page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
  await page.locator(`[data-testid="gallery"] button[data-file="${file}"]`).click();
  await page.locator(cropReady).waitFor({ timeout: 180_000 });
  await page.getByTestId('preset').selectOption(preset);
  await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 180_000 });
  const started = Date.now();
  await page.getByTestId('start').click();
  await page
    .locator('[data-testid="timeline"][data-state="done"], [data-testid="run-error"]')
    .first()
    .waitFor({
      timeout: 2 * HOUR,
    });
  if ((await page.getByTestId('run-error').count()) > 0)
    throw new Error(`The run on ${file} failed: ${await page.getByTestId('run-error').textContent()}`);
  log(`${file}: ${preset} preset done in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

/** Waits until the GAN path's canvas has drawn with nothing queued (it is the slower of the two paths). */
async function ganSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="manip-gan-canvas"][data-busy="false"]:not([data-renders="0"])').waitFor({
    timeout: 600_000,
  });
}

let app: AppUnderTest | null = null;
let appUrl = '';
try {
  app = await startApp();
  appUrl = app.url;
  const page = await app.newPage();
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  if (values.only !== 'synthetic') {
    await runOn(page, PHOTO, '[data-testid="crop-canvas"][data-mask="face-oval"]');
    await page.screenshot({ path: join(out, `app-photo-${preset}-done.png`), fullPage: true });
    await ganSettled(page);
    const renders = Number(await page.getByTestId('manip-gan-canvas').getAttribute('data-renders'));
    await page.getByTestId('manip-yawDeg').fill('30');
    await page
      .locator(`[data-testid="manip-gan-canvas"][data-busy="false"]:not([data-renders="${renders}"])`)
      .waitFor({ timeout: 600_000 });
    await page.getByTestId('manipulate').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `app-photo-${preset}-rotated-both-paths.png`), fullPage: true });
    log('photo screenshots written');
  }
  if (values.only !== 'photo') {
    await runOn(page, SYNTHETIC, '[data-testid="crop-canvas"][data-mask="ground-truth"]');
    await page.locator('[data-testid="gt-scores"][data-scored="input-view"]').waitFor({ timeout: 60_000 });
    const scores = page.getByTestId('gt-scores');
    log(`synthetic face: SIDE ${await scores.getAttribute('data-side')}, MAD ${await scores.getAttribute('data-mad')}`);
    await page.screenshot({ path: join(out, `app-ground-truth-${preset}.png`), fullPage: true });
    log('ground-truth screenshot written');
  }
} finally {
  await app?.close();
}
