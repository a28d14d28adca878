/**
 * Runs kept in the browser, and privacy (issue 14). One whole run of the test preset on a bundled sample: the page
 * is reloaded once the prior fit's checkpoint is stored, the run is listed as interrupted with a resume offer, is
 * resumed from that checkpoint and finishes, recorded into the same stored run; after another reload the finished
 * run reopens with its maps and its GAN path (E and w kept with the run, rebuilt with the loaded model: the same
 * render as the live run's, and it re-renders when the yaw slider moves), exports a depth PNG and is deleted. Every request of the page's browser context, from
 * the first navigation through both reloads and the resumed run, goes to the page's own origin. With IndexedDB
 * refused the page says so and the run still goes to the end.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, startApp } from './browser';
import { TEST_FILES } from './images';
import { foreignRequests, recordRequests, requestedPaths } from './requests';
import { serveTinyModel } from './tinyModel';

/** The bundled default model the app asks for on its own (public/models/synface-64; here the tiny bundle answers). */
const MODEL_DIR = '/models/synface-64/';

async function runTestPreset(page: Page, model: 'ready' | 'failed' = 'ready') {
  await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
  await page.getByTestId('preset').selectOption('test');
  await page.locator(`[data-testid="model-status"][data-state="${model}"]`).waitFor({ timeout: 120_000 });
  await page.getByTestId('start').click();
  await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
}

const historyReady = (page: Page) =>
  page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
const modelReady = (page: Page) =>
  page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

/** The GAN path's canvas as RGBA values, once it is available and has drawn with nothing queued. */
async function ganRender(page: Page): Promise<number[]> {
  await page.locator('[data-testid="manip-path-gan"][data-available="true"]').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="manip-gan-canvas"][data-busy="false"]:not([data-renders="0"])').waitFor({
    timeout: 120_000,
  });
  return page
    .getByTestId('manip-gan-canvas')
    .evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data]);
}

/** Mean absolute difference of two RGBA arrays, in levels. */
function difference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((d, v, i) => d + Math.abs(v - b[i]), 0) / a.length;
}

describe('runs kept in IndexedDB', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a run cut by a reload resumes from its checkpoint to the end; reopened after a reload it renders its GAN path, exports and is deleted; no request leaves the origin', async () => {
    const page = await app.newPage();
    const requests = recordRequests(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The page asks for the default model; the tiny bundle answers (resuming and reopening do not depend on it).
    await serveTinyModel(page);
    await page.goto(app.url);
    await historyReady(page);
    expect(await page.getByTestId('stored-run').count()).toBe(0);

    // A bundled sample, picked from the gallery as a user would.
    await page.getByTestId('gallery').getByRole('button').first().click();
    await page.getByTestId('crop-canvas').waitFor({ timeout: 20_000 });
    await page.getByTestId('preset').selectOption('test');
    await modelReady(page);
    const started = Date.now();
    await page.getByTestId('start').click();
    // The prior fit's checkpoint is stored (the run waits for it): Past runs says where a resume would start.
    await page.locator('[data-testid="stored-run"][data-resume-phase="2"]').waitFor({ timeout: 300_000 });
    await page.getByTestId('pause').click();
    expect(await page.getByTestId('timeline').getAttribute('data-state')).not.toBe('done');
    console.log(`[runs-kept] inversion + prior fit, checkpoint stored: ${seconds(started)}`);

    // The page goes away mid-run: the stored run is listed as interrupted, with its checkpoint to go on from.
    await page.reload();
    await historyReady(page);
    expect(await page.getByTestId('stored-run').count()).toBe(1);
    let row = page.getByTestId('stored-run').first();
    expect(await row.getAttribute('data-status')).toBe('failed');
    // The next checkpoint is at the stage's end, so however far the run got past the prior fit's checkpoint before
    // the pause was honoured (between iterations: on a fast machine step 1, 2 or collect may finish first), it goes
    // on from the prior fit and redoes the rest.
    expect(await row.textContent()).toMatch(/stopped, [2-5]\/6 phases \((Ellipsoid prior|stage 1 · [^)]+)\)/);
    expect(await row.getAttribute('data-resume-phase')).toBe('2');
    expect(await row.textContent()).toMatch(/closed or reloaded during the run/);
    const resume = row.getByTestId('resume-run');
    expect(await resume.textContent()).toMatch(/Resume from .*prior fit/);

    await modelReady(page);
    const resumed = Date.now();
    await resume.click();
    const timeline = page.getByTestId('timeline');
    // It goes on at step 1: the inversion and the prior fit show as done, with the prior fit's stored maps.
    await page.locator('[data-testid="timeline"][data-state="running"]').waitFor({ timeout: 30_000 });
    const priorDone = await timeline
      .locator('li[data-step="prior"] progress')
      .evaluate((el) => (el as HTMLProgressElement).value);
    expect(priorDone).toBe(1);
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
    console.log(`[runs-kept] resumed run, steps 1-3: ${seconds(resumed)}`);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('map-panels').getAttribute('data-step')).toBe('step3');
    // Recorded into the same stored run: one run, finished, every phase.
    await page.locator('[data-testid="stored-run"][data-status="done"][data-phases-done="6"]').waitFor({
      timeout: 30_000,
    });
    expect(await page.getByTestId('stored-run').count()).toBe(1);
    // The live run's GAN path at the sliders' neutral state, to compare the reopened run's with.
    const liveGan = await ganRender(page);

    await page.reload();
    await historyReady(page);
    expect(await page.getByTestId('stored-run').count()).toBe(1);
    row = page.getByTestId('stored-run').first();
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(await row.getAttribute('data-phases-done')).toBe('6');
    expect(await row.textContent()).toMatch(/finished, 6\/6 phases \(stage 1 · Step 3: joint\)/);
    expect(await row.textContent()).toContain('Synthetic face 1');
    // A finished run keeps no checkpoint, but what its GAN path needs (E and w).
    expect(await row.getByTestId('resume-run').count()).toBe(0);
    expect(await row.getAttribute('data-resume-phase')).toBeNull();
    expect(await row.getAttribute('data-gan-path')).toBe('kept');

    await row.getByTestId('reopen-run').click();
    const panels = page.locator('[data-testid="map-panels"][data-step="step3"]');
    await panels.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('timeline').getAttribute('data-state')).toBe('done');
    // Its GAN path is rebuilt (E, w, and I_gan = G(w) with the model, which may still be loading after the
    // reload): the same render as the live run's ...
    const reopenedGan = await ganRender(page);
    expect(difference(reopenedGan, liveGan)).toBeLessThan(0.5);
    // ... and it turns with the yaw slider (the test preset's tiny E moves G(w + dw) only a little: faces.test.ts).
    const ganCanvas = page.getByTestId('manip-gan-canvas');
    const rendered = Number(await ganCanvas.getAttribute('data-renders'));
    await page.getByTestId('manip-yawDeg').fill('30');
    await expect
      .poll(async () => Number(await ganCanvas.getAttribute('data-renders')), { timeout: 120_000 })
      .toBeGreaterThan(rendered);
    const turned = await ganRender(page);
    expect(difference(turned, reopenedGan)).toBeGreaterThan(0.02);
    console.log(
      `[runs-kept] reopened run's GAN path: live vs reopened ${difference(reopenedGan, liveGan).toFixed(3)}, yaw 30 moved it ${difference(turned, reopenedGan).toFixed(3)} levels`,
    );
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-depth').click()]);
    expect(file.suggestedFilename()).toBe('gan2shape-depth16.png');
    const png = new Uint8Array(await readFile(await file.path()));
    expect(png.length).toBeGreaterThan(100);
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    await row.getByTestId('delete-run').click();
    await page.locator('[data-testid="run-history"][data-count="0"]').waitFor({ timeout: 30_000 });

    // Privacy: nothing of the above asked any origin but the page's own ...
    const origin = new URL(app.url).origin;
    expect(foreignRequests(requests, origin), `requests to an origin other than ${origin}`).toEqual([]);
    // ... and the recorder heard the run's own loading: the page, the sample gallery, the sample, the model
    // bundle's manifest and weights, the built scripts.
    const paths = requestedPaths(requests);
    expect(paths).toContain('/');
    expect(paths).toContain('/samples/index.json');
    expect(paths).toContain('/samples/synface/synface_1000000_image.png');
    expect(paths).toContain(`${MODEL_DIR}manifest.json`);
    expect(paths).toContain(`${MODEL_DIR}weights.bin`);
    expect(paths.filter((p) => p.startsWith('/assets/')).length).toBeGreaterThanOrEqual(1);
    // three page loads: the first and two reloads
    expect(paths.filter((p) => p === '/').length).toBe(3);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 900_000);

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
