import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { TEST_FILES } from './images';

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

  it('runs to the end: snapshots arrive in order, the loss falls, the depth bulges like the prior', async () => {
    await page.getByTestId('file-input').setInputFiles(TEST_FILES.good());
    await page.getByTestId('crop-canvas').waitFor();
    await page.getByTestId('preset').selectOption('test');
    const iterations: number[] = [];
    await page.exposeFunction('recordIteration', (n: number) => iterations.push(n));
    await page.evaluate(() => {
      const panels = document.querySelector('[data-testid="map-panels"]')!;
      new MutationObserver(() => {
        const n = Number(panels.getAttribute('data-iteration'));
        (window as unknown as { recordIteration: (n: number) => void }).recordIteration(n);
      }).observe(panels, { attributes: true, attributeFilter: ['data-iteration'] });
    });
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-done.png'), fullPage: true });

    const panels = page.getByTestId('map-panels');
    expect(Number(await panels.getAttribute('data-snapshots'))).toBeGreaterThanOrEqual(3);
    expect(await panels.getAttribute('data-step')).toBe('prior');
    const seen = iterations.filter((n) => n > 0);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    const plot = page.getByTestId('loss-plot');
    expect(Number(await plot.getAttribute('data-last'))).toBeLessThan(Number(await plot.getAttribute('data-first')));
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
