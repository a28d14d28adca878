import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';

const SAMPLE_FACE = 'public/samples/synface/synface_1000000_image.png';

/** Nearness of the latest snapshot's depth at the centre and at a corner, from the depth map's colour (viridis, near = bright green). */
async function centreAndCornerNearness(page: Page): Promise<{ centre: number; corner: number }> {
  return page.getByTestId('map-depth').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const at = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[1];
    return { centre: at(canvas.width / 2, canvas.height / 2), corner: at(1, 1) };
  });
}

describe('a run of the test preset in headless Chromium', () => {
  let app: AppUnderTest;
  let page: Page;
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    await page.goto(app.url);
    await page.getByTestId('dropzone').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs the prior fit and step 1 to the end: snapshots in order, both losses fall, depth bulges, albedo appears', async () => {
    // A bundled synthetic face, dropped through the file input like a user's file.
    await page.getByTestId('file-input').setInputFiles(SAMPLE_FACE);
    await page.getByTestId('crop-canvas').waitFor();
    await page.getByTestId('preset').selectOption('test');
    // Every snapshot the panels show, as a position in the schedule: phase order first, then iteration.
    const PHASE_ORDER = ['prior', 'step1'];
    const positions: number[] = [];
    await page.exposeFunction('recordIteration', (step: string, n: number) =>
      positions.push(PHASE_ORDER.indexOf(step) * 1e6 + n),
    );
    await page.evaluate(() => {
      const panels = document.querySelector('[data-testid="map-panels"]')!;
      new MutationObserver(() => {
        const n = Number(panels.getAttribute('data-iteration'));
        const step = panels.getAttribute('data-step') ?? '';
        (window as unknown as { recordIteration: (s: string, n: number) => void }).recordIteration(step, n);
      }).observe(panels, { attributes: true, attributeFilter: ['data-iteration'] });
    });
    // Start waits for the default model (its discriminator is step 1's perceptual loss) to finish loading.
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('start').click();
    await page.locator('[data-testid="map-panels"][data-iteration="10"]').waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-midway.png'), fullPage: true });
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-done.png'), fullPage: true });

    const panels = page.getByTestId('map-panels');
    expect(Number(await panels.getAttribute('data-snapshots'))).toBeGreaterThanOrEqual(3);
    expect(await panels.getAttribute('data-step')).toBe('step1');
    const seen = positions.filter((n) => n % 1e6 > 0);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBe(1e6 + 10); // step 1's last snapshot comes last

    const plot = page.getByTestId('loss-plot');
    const attr = async (name: string) => Number(await plot.getAttribute(name));
    expect(await attr('data-prior-last')).toBeLessThan(await attr('data-prior-first'));
    // Step 1's reconstruction loss (L1 + 0.5 D-feature perceptual + smoothness) falls as the albedo net learns.
    expect(await attr('data-step1-last')).toBeLessThan(await attr('data-step1-first'));
    for (const map of ['map-albedo', 'map-recon', 'map-normals', 'map-shading']) {
      await expect(page.getByTestId(map).count()).resolves.toBe(1);
    }
    // As the ellipsoid prior predicts: the middle of the face is nearer than the background corner.
    const { centre, corner } = await centreAndCornerNearness(page);
    expect(centre - corner).toBeGreaterThan(40);
  });

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
