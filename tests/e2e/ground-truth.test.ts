/**
 * Bundled synthetic samples use what they carry (issue 13). A sample picked from the gallery brings its ground truth:
 * its own mask is the method's object mask (the page's mask area is the GT mask's, and the prior it shows before a
 * run is the one built from that mask, scored the same in Node), the test preset runs to the end with SIDE / MAD
 * re-scored at every snapshot beside the GT depth and a difference map, and after a reload the run reopened from
 * Past runs shows the same ground truth and the same final scores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FACE_ELLIPSE, rasterizeEllipse } from '../../src/data/mask/ellipse';
import { decodeDepth16Png, decodeMaskPng, maskAreaFraction } from '../../src/data/synth/groundTruthPng';
import { compareWithGroundTruth } from '../../src/gan2shape/eval/snapshotScore';
import { prepareMaskedRunInput } from '../../src/gan2shape/runner/input';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { serveTinyModel } from './tinyModel';

const SAMPLE = 'synface/synface_1000000_image.png';
const STEM = 'public/samples/synface/synface_1000000';
/** The test preset's method size. */
const TEST_SIZE = 32;

interface Readout {
  side: number;
  mad: number;
  scored: string;
  step: string;
  iteration: number;
  snapshots: number;
}

async function readout(page: Page): Promise<Readout> {
  return page.getByTestId('gt-scores').evaluate((el) => ({
    side: Number(el.getAttribute('data-side')),
    mad: Number(el.getAttribute('data-mad')),
    scored: el.getAttribute('data-scored') ?? '',
    step: el.getAttribute('data-step') ?? '',
    iteration: Number(el.getAttribute('data-iteration')),
    snapshots: Number(el.getAttribute('data-snapshots')),
  }));
}

/** Width and colour spread of a canvas (a blank one has spread 0), and how many distinct colours it holds. */
async function canvasStats(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lo = 255;
    let hi = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      for (let k = 0; k < 3; k++) {
        lo = Math.min(lo, d[i + k]);
        hi = Math.max(hi, d[i + k]);
      }
    }
    return { width: c.width, spread: hi - lo, colours: colours.size };
  });
}

describe('a bundled synthetic sample with its ground truth', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('uses its GT mask, scores every snapshot against its GT depth as the run goes, and shows it again reopened', async () => {
    const page = await app.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await serveTinyModel(page);
    await page.goto(app.url);
    await page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('preset').selectOption('test');
    await page.locator(`[data-testid="gallery"] button[data-file="${SAMPLE}"]`).click();

    // The mask the method gets is the sample's: its area at the method's size is the GT mask's (area resampling
    // keeps it), far from the hand-placed ellipse's.
    const cropCanvas = page.locator('[data-testid="crop-canvas"][data-mask="ground-truth"]');
    await cropCanvas.waitFor({ timeout: 20_000 });
    const gtMask = decodeMaskPng(readFileSync(`${STEM}_mask.png`));
    const gtArea = maskAreaFraction(gtMask);
    const pageArea = Number(await cropCanvas.getAttribute('data-mask-area'));
    expect(pageArea).toBeCloseTo(gtArea, 6);
    const ellipseArea = rasterizeEllipse(DEFAULT_FACE_ELLIPSE, TEST_SIZE).reduce((a, b) => a + b, 0) / TEST_SIZE ** 2;
    // (close in size, 0.012 apart: the 1e-6 match above tells them apart; the prior's score below tells the shapes)
    expect(Math.abs(ellipseArea - gtArea)).toBeGreaterThan(0.005);
    expect(await page.getByTestId('mask-cx').count()).toBe(0);

    // Before the run the panel scores the prior the depth net starts from: the one built from the GT mask, as
    // Node builds and scores it here.
    const truth = decodeDepth16Png(readFileSync(`${STEM}_depth16.png`));
    const prior = prepareMaskedRunInput(gtMask, { x: 0, y: 0, size: 64 }, gtMask, TEST_SIZE).prior;
    const want = compareWithGroundTruth({ size: TEST_SIZE, depth: prior }, truth);
    if (!want.ok) throw new Error(want.reason);
    await page.locator('[data-testid="gt-scores"][data-scored="canonical"]').waitFor({ timeout: 20_000 });
    const before = await readout(page);
    expect(before.side).toBeCloseTo(want.side * 100, 6);
    expect(before.mad).toBeCloseTo(want.mad, 6);

    // Every readout the panel shows during the run, read in the page the moment a snapshot lands.
    const seen: Readout[] = [];
    await page.exposeFunction('recordReadout', (r: Readout) => seen.push(r));
    await page.evaluate(() => {
      const w = window as unknown as { recordReadout: (r: unknown) => void };
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="gt-scores"]');
        if (!el) return;
        w.recordReadout({
          side: Number(el.getAttribute('data-side')),
          mad: Number(el.getAttribute('data-mad')),
          scored: el.getAttribute('data-scored'),
          step: el.getAttribute('data-step'),
          iteration: Number(el.getAttribute('data-iteration')),
          snapshots: Number(el.getAttribute('data-snapshots')),
        });
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-snapshots'] });
    });
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const started = Date.now();
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
    console.log(`[ground-truth] test preset run: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(await page.getByTestId('run-error').count()).toBe(0);

    // Live: a readout per snapshot, finite, from the prior fit's canonical depth to step 3's depth in the input view.
    const final = await readout(page);
    expect(final).toMatchObject({ scored: 'input-view', step: 'step3' });
    expect(Number.isFinite(final.side) && final.side > 0).toBe(true);
    expect(Number.isFinite(final.mad) && final.mad > 0 && final.mad < 90).toBe(true);
    const counts = new Set(seen.map((r) => r.snapshots));
    expect(counts.size).toBeGreaterThanOrEqual(5);
    expect(seen.every((r) => Number.isFinite(r.side) && Number.isFinite(r.mad))).toBe(true);
    expect(new Set(seen.map((r) => r.step))).toEqual(
      new Set(['inversion', 'prior', 'step1', 'step2', 'collect', 'step3']),
    );
    expect(seen.some((r) => r.scored === 'input-view' && r.step !== 'step3')).toBe(true);
    console.log(
      `[ground-truth] ${seen.length} readouts; prior SIDE ${before.side.toFixed(3)}e-2 MAD ${before.mad.toFixed(2)}; ` +
        `final SIDE ${final.side.toFixed(3)}e-2 MAD ${final.mad.toFixed(2)}`,
    );

    // The GT depth, the recovered depth and the difference map, at the GT's size, drawn.
    for (const id of ['gt-depth', 'gt-recovered', 'gt-difference']) {
      const stats = await canvasStats(page, id);
      expect(stats.width, id).toBe(64);
      expect(stats.spread, id).toBeGreaterThan(50);
      expect(await page.getByTestId(id).isVisible(), id).toBe(true);
    }
    expect((await canvasStats(page, 'gt-difference')).colours).toBeGreaterThan(20);
    await page.getByTestId('ground-truth-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'ground-truth-done.png'), fullPage: true });

    // Reopened after a reload: the stored run names its sample, and shows its ground truth and the same scores.
    await page.locator(`[data-testid="stored-run"][data-status="done"][data-sample="${SAMPLE}"]`).waitFor({
      timeout: 30_000,
    });
    await page.reload();
    await page.locator('[data-testid="run-history"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const row = page.locator(`[data-testid="stored-run"][data-sample="${SAMPLE}"]`).first();
    await row.getByTestId('reopen-run').click();
    await page.locator('[data-testid="gt-scores"][data-scored="input-view"][data-step="step3"]').waitFor({
      timeout: 30_000,
    });
    const reopened = await readout(page);
    expect(reopened.side).toBeCloseTo(final.side, 9);
    expect(reopened.mad).toBeCloseTo(final.mad, 9);
    const reopenedArea = Number(
      await page.locator('[data-testid="crop-canvas"][data-mask="ground-truth"]').getAttribute('data-mask-area'),
    );
    expect(reopenedArea).toBeCloseTo(gtArea, 6);
    expect((await canvasStats(page, 'gt-difference')).spread).toBeGreaterThan(50);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 900_000);
});
