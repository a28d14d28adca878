import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_LABELS, type StepKind } from '../../src/gan2shape/runner/types';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';

const SAMPLE_FACE = 'public/samples/synface/synface_1000000_image.png';

/** The test preset's schedule with the default model: every phase of its one stage, in order. */
const SCHEDULE: [number, StepKind][] = [
  [0, 'inversion'],
  [0, 'prior'],
  [1, 'step1'],
  [1, 'step2'],
  [1, 'collect'],
  [1, 'step3'],
];
const PHASE_ORDER = SCHEDULE.map(([, step]) => step);
const TIMELINE_LABELS = [
  STEP_LABELS.inversion,
  STEP_LABELS.prior,
  `Stage 1 · ${STEP_LABELS.step1}`,
  `Stage 1 · ${STEP_LABELS.step2}`,
  `Stage 1 · ${STEP_LABELS.collect}`,
  `Stage 1 · ${STEP_LABELS.step3}`,
];

/** Nearness of the latest snapshot's depth at the centre and at a corner, from the depth map's colour (viridis, near = bright green). */
async function centreAndCornerNearness(page: Page): Promise<{ centre: number; corner: number }> {
  return page.getByTestId('map-depth').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const at = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[1];
    return { centre: at(canvas.width / 2, canvas.height / 2), corner: at(1, 1) };
  });
}

/** Width and the spread (max - min over RGB) of a 2D canvas's pixels: a blank canvas has spread 0. */
async function canvasSpread(page: Page, testId: string): Promise<{ width: number; spread: number }> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lo = 255;
    let hi = 0;
    for (let i = 0; i < d.length; i++) {
      if (i % 4 === 3) continue;
      lo = Math.min(lo, d[i]);
      hi = Math.max(hi, d[i]);
    }
    return { width: c.width, spread: hi - lo };
  });
}

/** What the pseudo-sample panel held each time it had drawn a new set (read in the page at that moment). */
interface PseudoDraw {
  step: string;
  iteration: number;
  updates: number;
  canvases: { id: string; width: number; spread: number; max: number }[];
}

describe('a run of the test preset in headless Chromium', () => {
  let app: AppUnderTest;
  let page: Page;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(app.url);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs every phase of every stage to the end: timeline, I_gan with its PSNR, live pseudo samples, losses, maps', async () => {
    // A bundled synthetic face, dropped through the file input like a user's file.
    await page.getByTestId('file-input').setInputFiles(SAMPLE_FACE);
    await page.getByTestId('crop-canvas').waitFor();
    await page.getByTestId('preset').selectOption('test');
    // Every snapshot the panels show, as a position in the schedule: phase order first, then iteration.
    const positions: number[] = [];
    const pseudoDraws: PseudoDraw[] = [];
    await page.exposeFunction('recordIteration', (step: string, n: number) =>
      positions.push(PHASE_ORDER.indexOf(step as StepKind) * 1e6 + n),
    );
    await page.exposeFunction('recordPseudo', (draw: PseudoDraw) => pseudoDraws.push(draw));
    await page.evaluate(() => {
      const w = window as unknown as {
        recordIteration: (s: string, n: number) => void;
        recordPseudo: (d: unknown) => void;
      };
      const panels = document.querySelector('[data-testid="map-panels"]')!;
      new MutationObserver(() => {
        w.recordIteration(panels.getAttribute('data-step') ?? '', Number(panels.getAttribute('data-iteration')));
      }).observe(panels, { attributes: true, attributeFilter: ['data-snapshots'] });
      // The pseudo panel sets data-drawn once its canvases hold a new set: read them right then, before the
      // next phase replaces them.
      new MutationObserver(() => {
        const grid = document.querySelector('[data-testid="pseudo-grid"]');
        if (!grid) return;
        const canvases = [...grid.querySelectorAll('canvas')].map((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let lo = 255;
          let hi = 0;
          for (let i = 0; i < d.length; i++) {
            if (i % 4 === 3) continue;
            lo = Math.min(lo, d[i]);
            hi = Math.max(hi, d[i]);
          }
          return { id: c.getAttribute('data-testid') ?? '', width: c.width, spread: hi - lo, max: hi };
        });
        w.recordPseudo({
          step: grid.getAttribute('data-step'),
          iteration: Number(grid.getAttribute('data-iteration')),
          updates: Number(grid.getAttribute('data-updates')),
          canvases,
        });
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    // Start waits for the default model (the GAN of every phase after the prior) to finish loading.
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    // The timeline lists every phase of every stage, labelled with STEP_LABELS, before and during the run.
    const timeline = page.getByTestId('timeline');
    expect(await timeline.getByTestId('phase-label').allTextContents()).toEqual(TIMELINE_LABELS);
    const started = Date.now();
    await page.getByTestId('start').click();
    expect(await timeline.getByTestId('phase-label').allTextContents()).toEqual(TIMELINE_LABELS);
    await page
      .locator('[data-testid="map-panels"][data-step="prior"][data-iteration="10"]')
      .waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-midway.png'), fullPage: true });
    await page.getByTestId('pseudo-panel').waitFor({ timeout: 480_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-pseudo.png'), fullPage: true });
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
    console.log(`[run.test] test preset, every phase: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-done.png'), fullPage: true });
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await timeline.getByTestId('phase-label').allTextContents()).toEqual(TIMELINE_LABELS);
    expect(
      await timeline.locator('progress').evaluateAll((bars) => bars.map((b) => (b as HTMLProgressElement).value)),
    ).toEqual(TIMELINE_LABELS.map(() => 1));

    // Snapshots of every phase, in the schedule's order; step 3's last one comes last.
    const panels = page.getByTestId('map-panels');
    expect(await panels.getAttribute('data-step')).toBe('step3');
    const seen = positions.filter((n) => n > 0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen.map((n) => PHASE_ORDER[Math.floor(n / 1e6)]))).toEqual(new Set(PHASE_ORDER));
    expect(seen.at(-1)).toBe(PHASE_ORDER.indexOf('step3') * 1e6 + 2);

    // I_gan beside the input, with its PSNR against the input.
    const gan = await canvasSpread(page, 'map-gan');
    expect(gan.width).toBe(32);
    expect(gan.spread).toBeGreaterThan(20);
    const psnr = page.getByTestId('gan-psnr');
    expect(await psnr.textContent()).toMatch(/^\d+\.\d dB$/);
    const psnrValue = Number(await psnr.getAttribute('data-psnr'));
    expect(psnrValue).toBeGreaterThan(5);
    expect(psnrValue).toBeLessThan(80);

    // Step 2's pseudo samples beside their projections (and masks), drawn while step 2 was the latest phase, then
    // the collect phase's batch.
    const step2 = pseudoDraws.find((d) => d.step === 'step2');
    expect(step2, JSON.stringify(pseudoDraws.map((d) => [d.step, d.iteration]))).toBeDefined();
    const rows = (draw: PseudoDraw, row: string) => draw.canvases.filter((c) => c.id.startsWith(`pseudo-${row}-`));
    for (const row of ['image', 'projection', 'mask']) expect(rows(step2!, row).length).toBe(4);
    for (const c of [...rows(step2!, 'image'), ...rows(step2!, 'projection')]) {
      expect(c.width).toBe(32);
      expect(c.spread, c.id).toBeGreaterThan(20);
    }
    for (const c of rows(step2!, 'mask')) expect(c.max, c.id).toBe(255);
    const collect = pseudoDraws.find((d) => d.step === 'collect');
    expect(collect).toBeDefined();
    expect(collect!.updates).toBeGreaterThan(step2!.updates);
    expect(rows(collect!, 'projection').length).toBe(2); // the test preset's batch
    for (const c of rows(collect!, 'projection')) expect(c.spread, c.id).toBeGreaterThan(20);
    // The latest set stays after the phase.
    expect(await page.getByTestId('pseudo-grid').getAttribute('data-step')).toBe('collect');

    // The loss plot: a line (or a dot, for a single readback) per phase; the legend lists every phase with every term.
    const plot = page.getByTestId('loss-plot');
    const attr = async (name: string) => Number(await plot.getAttribute(name));
    expect(await attr('data-prior-last')).toBeLessThan(await attr('data-prior-first'));
    for (const step of ['inversion', 'step1', 'step2', 'step3'])
      expect(await attr(`data-${step}-last`)).toBeGreaterThan(0);
    const legend = plot.getByTestId('loss-legend').locator('li');
    expect(await legend.count()).toBe(SCHEDULE.length);
    const legendText = async (key: string) => (await plot.locator(`li[data-phase="${key}"]`).textContent()) ?? '';
    const TERMS: Record<string, string[]> = {
      '0-inversion': ['l1', 'perceptual'],
      '0-prior': ['prior_mse'],
      // the test preset flips in step 1 (not in step 3)
      '1-step1': ['l1', 'perceptual', 'smoothness', 'l1_flip', 'perceptual_flip'],
      '1-step2': ['l1', 'features', 'offset_norm'],
      '1-step3': ['l1', 'perceptual', 'smoothness', 'sample_l1', 'sample_perceptual'],
    };
    for (const [key, terms] of Object.entries(TERMS)) {
      const text = await legendText(key);
      expect(text).toMatch(/total \d/);
      for (const term of terms) expect(text, key).toMatch(new RegExp(`\\b${term} -?\\d`));
    }
    expect(await legendText('1-collect')).toMatch(/no loss/);
    expect(await plot.locator('svg [data-phase]').count()).toBe(SCHEDULE.length - 1); // collect has no loss

    // Step 3's maps: every one of them, and the input's view and light.
    for (const map of ['map-albedo', 'map-recon', 'map-normals', 'map-shading', 'map-recon-depth']) {
      await expect(page.getByTestId(map).count()).resolves.toBe(1);
    }
    expect(await page.getByTestId('view-light').textContent()).toMatch(/View: pitch .*Light: ambient/);
    // As the ellipsoid prior predicts: the middle of the face is nearer than the background corner.
    const { centre, corner } = await centreAndCornerNearness(page);
    expect(centre - corner).toBeGreaterThan(40);
    expect(pageErrors).toEqual([]);
  }, 600_000);

  async function download(testId: string): Promise<{ name: string; bytes: Uint8Array }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
  }

  it('exports an OBJ with S*S vertices, faces and a texture, and a GLB that three loads', async () => {
    const S = 32; // the test preset's image size
    const zip = await download('export-obj');
    expect(zip.name).toBe('gan2shape-obj.zip');
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files).sort()).toEqual(['gan2shape.mtl', 'gan2shape.obj', 'gan2shape.png']);
    const obj = new TextDecoder().decode(files['gan2shape.obj']).split('\n');
    expect(obj.filter((l) => l.startsWith('v ')).length).toBe(S * S);
    expect(obj.filter((l) => l.startsWith('f ')).length).toBe((S - 1) * (S - 1) * 2);
    expect(obj).toContain('mtllib gan2shape.mtl');
    expect(new TextDecoder().decode(files['gan2shape.mtl'])).toContain('map_Kd gan2shape.png');
    expect([...files['gan2shape.png'].slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    const glb = await download('export-glb');
    const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
    const buffer = glb.bytes.buffer.slice(glb.bytes.byteOffset, glb.bytes.byteOffset + glb.bytes.byteLength);
    // three's loader looks for `self` (a browser global). The embedded texture needs an image decoder that Node
    // lacks: the loader reports that and still builds the mesh, which is what is checked here.
    (globalThis as { self?: unknown }).self ??= globalThis;
    const gltf = await new GLTFLoader().parseAsync(buffer as ArrayBuffer, '');
    let vertices = 0;
    gltf.scene.traverse((o) => {
      const mesh = o as { isMesh?: boolean; geometry?: { attributes: { position: { count: number } } } };
      if (mesh.isMesh && mesh.geometry) vertices = mesh.geometry.attributes.position.count;
    });
    expect(vertices).toBe(S * S);
    expect(gltf.parser.json.images?.length).toBe(1);

    const depth = await download('export-depth');
    expect(depth.name).toBe('gan2shape-depth16.png');
    const json = JSON.parse(new TextDecoder().decode((await download('export-json')).bytes));
    expect(json.format).toBe('gan2shape-webgpu-result-v1');
    expect(json.size).toBe(S);
  });
});
