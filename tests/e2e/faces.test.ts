/**
 * Faces found for the user (issue 13). A flat-colour image: the page says no face was found and the manual
 * centred crop and ellipse stay and can be moved. Two public-domain photos side by side: both faces are found,
 * the larger is placed, the other is placed by its button, "Manual crop" goes back. A bundled photo picked from
 * the gallery: its face is found, and the crop and the oval mask are checked against the landmarks the page shows
 * (eye line level in the crop, oval 0.77 of the crop's height and centred, the mask polygon is the oval, the mask
 * the method gets is the one Node makes from those landmarks); then the test preset runs to the end on it. Every
 * request, the detector's models and wasm included, goes to the page's own origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVAL_HEIGHT_FRACTION } from '../../src/data/face/cropRule';
import type { Point } from '../../src/data/face/faceMesh';
import { ovalEllipse, rasterizeFaceMask, unitOval } from '../../src/data/face/ovalMask';
import { OUT_OF_DOMAIN_PSNR_SHORT_DB } from '../../src/gan2shape/gan/inversionQuality';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { foreignRequests, recordRequests, requestedPaths } from './requests';

/** The test preset's method size with the bundled 64 px model. */
const TEST_SIZE = 32;
const PHOTO = 'photos/grace_hopper.jpg';

interface Crop {
  x: number;
  y: number;
  size: number;
  angle?: number;
}

/** Source pixels -> crop coordinates (0..1), written out here rather than taken from the app's cropFrame.ts. */
function inCrop(crop: Crop, [x, y]: Point): Point {
  const a = crop.angle ?? 0;
  const dx = x - (crop.x + crop.size / 2);
  const dy = y - (crop.y + crop.size / 2);
  return [
    (Math.cos(a) * dx + Math.sin(a) * dy) / crop.size + 0.5,
    (-Math.sin(a) * dx + Math.cos(a) * dy) / crop.size + 0.5,
  ];
}

function rgba(width: number, height: number, fill: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...fill(x, y), 255], (y * width + x) * 4);
  return data;
}

function png(width: number, height: number, data: Uint8Array) {
  return Buffer.from(encode({ width, height, data, channels: 4, depth: 8 }));
}

/** The astronaut photo beside Grace Hopper's at 0.7 (nearest neighbour): two faces of different sizes. */
function twoFaces() {
  const a = decodeJpeg(readFileSync('public/samples/photos/astronaut.jpg'), { useTArray: true });
  const g = decodeJpeg(readFileSync('public/samples/photos/grace_hopper.jpg'), { useTArray: true });
  const k = 0.7;
  const gw = Math.floor(g.width * k);
  const gh = Math.floor(g.height * k);
  const width = a.width + gw;
  const height = Math.max(a.height, gh);
  const data = rgba(width, height, (x, y) => {
    if (x < a.width) {
      if (y >= a.height) return [128, 128, 128];
      const o = (y * a.width + x) * 4;
      return [a.data[o], a.data[o + 1], a.data[o + 2]];
    }
    if (y >= gh) return [128, 128, 128];
    const o = (Math.floor(y / k) * g.width + Math.floor((x - a.width) / k)) * 4;
    return [g.data[o], g.data[o + 1], g.data[o + 2]];
  });
  return { name: 'two-faces.png', mimeType: 'image/png', buffer: png(width, height, data) };
}

const searchState = (page: Page, state: string) =>
  page.locator(`[data-testid="face-search"][data-state="${state}"]`).waitFor({ timeout: 120_000 });

async function cropOf(page: Page): Promise<Crop> {
  return JSON.parse((await page.getByTestId('crop-canvas').getAttribute('data-crop')) ?? 'null');
}

async function chosenFace(page: Page): Promise<{ eyes: Point[]; oval: Point[]; index: number }> {
  const button = page.locator('[data-testid="face-choice"][aria-pressed="true"]');
  return {
    eyes: JSON.parse((await button.getAttribute('data-eyes')) ?? '[]'),
    oval: JSON.parse((await button.getAttribute('data-oval')) ?? '[]'),
    index: Number(await button.getAttribute('data-index')),
  };
}

/** Height of a face's oval in its eye-levelled frame (what the crop is scaled from). */
function levelledHeight(face: { eyes: Point[]; oval: Point[] }): number {
  const a = Math.atan2(face.eyes[1][1] - face.eyes[0][1], face.eyes[1][0] - face.eyes[0][0]);
  const ys = face.oval.map(([x, y]) => -Math.sin(a) * x + Math.cos(a) * y);
  return Math.max(...ys) - Math.min(...ys);
}

describe('faces found for the user', () => {
  let app: AppUnderTest;
  let page: Page;
  let requests: ReturnType<typeof recordRequests>;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    requests = recordRequests(page);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(app.url);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('an image without a face: says so, and the manual centred crop and ellipse stay and move', async () => {
    const started = Date.now();
    const flat = {
      name: 'flat.png',
      mimeType: 'image/png',
      buffer: png(
        200,
        160,
        rgba(200, 160, () => [90, 140, 200]),
      ),
    };
    await page.getByTestId('file-input').setInputFiles(flat);
    await searchState(page, 'none');
    console.log(`[faces] detector loaded, flat image searched: ${Date.now() - started} ms`);
    expect(await page.getByTestId('no-face').textContent()).toMatch(/No face found/);
    expect(await page.getByTestId('face-search').getAttribute('data-backend')).toBe('wasm');
    const canvas = page.getByTestId('crop-canvas');
    expect(await canvas.getAttribute('data-mask')).toBe('ellipse');
    expect(await cropOf(page)).toEqual({ x: 20, y: 0, size: 160 });
    // The manual path works: the crop resizes, the ellipse moves (the mask the method gets changes with it).
    await page.getByTestId('crop-size').fill('100');
    expect((await cropOf(page)).size).toBe(100);
    const area = Number(await canvas.getAttribute('data-mask-area'));
    await page.getByTestId('mask-rx').fill('0.2');
    await expect.poll(async () => Number(await canvas.getAttribute('data-mask-area'))).toBeLessThan(area - 0.05);
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('start').isEnabled()).toBe(true);
  });

  it('two faces: the larger is placed, the other is placed by its button, "Manual crop" goes back', async () => {
    const started = Date.now();
    await page.getByTestId('file-input').setInputFiles(twoFaces());
    await searchState(page, 'found');
    console.log(`[faces] two-face image searched: ${Date.now() - started} ms`);
    const search = page.getByTestId('face-search');
    expect(await search.getAttribute('data-faces')).toBe('2');
    const first = await chosenFace(page);
    const firstCrop = await cropOf(page);
    const buttons = page.getByTestId('face-choice');
    const other = first.index === 0 ? 1 : 0;
    const otherFace = {
      eyes: JSON.parse((await buttons.nth(other).getAttribute('data-eyes')) ?? '[]'),
      oval: JSON.parse((await buttons.nth(other).getAttribute('data-oval')) ?? '[]'),
    };
    // The one placed is the larger.
    expect(levelledHeight(first)).toBeGreaterThan(levelledHeight(otherFace));
    expect(firstCrop.size).toBeCloseTo(levelledHeight(first) / OVAL_HEIGHT_FRACTION, 2);
    await buttons.nth(other).click();
    await page.locator(`[data-testid="face-search"][data-chosen="${other}"]`).waitFor();
    const otherCrop = await cropOf(page);
    expect(otherCrop.size).toBeCloseTo(levelledHeight(otherFace) / OVAL_HEIGHT_FRACTION, 2);
    expect(Math.abs(otherCrop.x - firstCrop.x)).toBeGreaterThan(200);
    await page.getByTestId('face-manual').click();
    await page.locator('[data-testid="crop-canvas"][data-mask="ellipse"]').waitFor();
    expect((await cropOf(page)).angle).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'faces-two.png'), fullPage: true });
  });

  it('a bundled photo: its face is found, the crop and the oval mask are placed from its landmarks', async () => {
    await page.locator(`[data-testid="gallery"] button[data-file="${PHOTO}"]`).click();
    await searchState(page, 'found');
    const canvas = page.locator('[data-testid="crop-canvas"][data-mask="face-oval"]');
    await canvas.waitFor({ timeout: 10_000 });
    const face = await chosenFace(page);
    const crop = await cropOf(page);
    expect(face.oval.length).toBe(36);

    // Turned by the eye line: in the crop the eyes are level, left to right.
    const eyeAngle = Math.atan2(face.eyes[1][1] - face.eyes[0][1], face.eyes[1][0] - face.eyes[0][0]);
    expect(crop.angle).toBeCloseTo(eyeAngle, 4);
    const [a, b] = face.eyes.map((p) => inCrop(crop, p));
    expect(Math.abs(a[1] - b[1])).toBeLessThan(1e-4);
    expect(a[0]).toBeLessThan(b[0]);
    // Framed like the training faces: the oval fills 0.77 of the crop's height, its box centred.
    const oval = face.oval.map((p) => inCrop(crop, p));
    const us = oval.map((p) => p[0]);
    const vs = oval.map((p) => p[1]);
    expect(Math.max(...vs) - Math.min(...vs)).toBeCloseTo(OVAL_HEIGHT_FRACTION, 3);
    expect((Math.max(...vs) + Math.min(...vs)) / 2).toBeCloseTo(0.5, 3);
    expect((Math.max(...us) + Math.min(...us)) / 2).toBeCloseTo(0.5, 3);
    // The mask outline is that oval, point for point ...
    const placed: Point[] = JSON.parse((await canvas.getAttribute('data-mask-oval')) ?? '[]');
    expect(placed.length).toBe(36);
    placed.forEach((p, i) => {
      expect(Math.abs(p[0] - oval[i][0]) + Math.abs(p[1] - oval[i][1])).toBeLessThan(1e-3);
    });
    // ... and the mask the method gets (1 inside, 0.5 on the ring) is the one made here from the landmarks.
    const mask = rasterizeFaceMask(unitOval(oval), ovalEllipse(oval), TEST_SIZE);
    const area = mask.reduce((s, v) => s + v, 0) / mask.length;
    expect(Number(await canvas.getAttribute('data-mask-area'))).toBeCloseTo(area, 2);
    expect(area).toBeGreaterThan(0.4);
    expect(area).toBeLessThan(0.75);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'faces-photo.png'), fullPage: true });
  });

  it('the test preset runs to the end on the detected face', async () => {
    await page.getByTestId('preset').selectOption('test');
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const started = Date.now();
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
    console.log(`[faces] test preset on the detected face: ${Date.now() - started} ms`);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('map-panels').getAttribute('data-step')).toBe('step3');
    // The face stays placed through the run.
    expect(await page.getByTestId('crop-canvas').getAttribute('data-mask')).toBe('face-oval');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'faces-run-done.png'), fullPage: true });

    // Privacy: the detector's models and wasm came from the page's own origin, like everything else.
    const origin = new URL(app.url).origin;
    expect(foreignRequests(requests, origin), `requests to an origin other than ${origin}`).toEqual([]);
    const paths = requestedPaths(requests);
    expect(paths).toContain('/face-detector/models/blazeface.bin');
    expect(paths).toContain('/face-detector/models/facemesh.bin');
    expect(paths.some((p) => p.startsWith('/face-detector/wasm/'))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('after the run: the photo is out of the synthetic-face model’s domain, and the page says so', async () => {
    // Measured (docs/METHOD.md): this photo inverts to ~12.2 dB with synface-64 at the test preset (3 steps), the
    // bundled synthetic faces to 13.9-20.9 dB; the short inversion's threshold is 13 dB.
    const warning = page.getByTestId('out-of-domain');
    await warning.waitFor({ timeout: 10_000 });
    expect(Number(await warning.getAttribute('data-threshold'))).toBe(OUT_OF_DOMAIN_PSNR_SHORT_DB);
    expect(Number(await warning.getAttribute('data-psnr'))).toBeLessThan(OUT_OF_DOMAIN_PSNR_SHORT_DB);
    const text = await warning.textContent();
    expect(text).toMatch(/does not cover this image/);
    expect(text).toMatch(/face StyleGAN2/);
    expect(text).toMatch(/tools\/stylegan2\/export\.py/);
  });

  it('after the run: the GAN path renders beside the mesh and re-renders when the yaw slider moves', async () => {
    const gan = page.getByTestId('manip-gan-canvas');
    expect(await page.getByTestId('manip-path-gan').getAttribute('data-available')).toBe('true');
    await page.locator('[data-testid="manip-gan-canvas"][data-busy="false"]:not([data-renders="0"])').waitFor({
      timeout: 120_000,
    });
    const pixels = () =>
      gan.evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data]);
    const before = await pixels();
    const rendered = Number(await gan.getAttribute('data-renders'));
    await page.getByTestId('manip-yawDeg').fill('30');
    await expect
      .poll(async () => Number(await gan.getAttribute('data-renders')), { timeout: 120_000 })
      .toBeGreaterThan(rendered);
    await page.locator('[data-testid="manip-gan-canvas"][data-busy="false"]').waitFor({ timeout: 120_000 });
    const after = await pixels();
    expect(after.length).toBe(before.length);
    const difference = after.reduce((d, v, i) => d + Math.abs(v - before[i]), 0) / after.length;
    // The test preset runs at 32 px, where the model's pretrained E (64 px) does not apply: its fresh, tiny E has
    // barely left dw = 0 after two step-2 iterations, so G(w + dw) moves only a little (0.2 levels measured); the
    // canvas must still change. At 64 px (cpu preset) the renders turn with the view (docs/EVALUATION.md).
    expect(difference).toBeGreaterThan(0.02);
    await page.getByTestId('manipulate').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'faces-rotated-both-paths.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
