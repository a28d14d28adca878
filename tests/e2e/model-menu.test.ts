/**
 * Any exported model (issue 13): a bundle exported by tools/stylegan2/export.py in this test's beforeAll (the tools
 * tests' tiny fixture generator, golden_fixtures.build_fixture_models(), saved as a train.py checkpoint and run
 * through export.py with its parity gate) is opened from disk through the model menu's folder picker and used for
 * a run of the test preset to the end; broken bundles (zips of that export, edited) are refused with their
 * message; after a reload the opened model is still listed and is the one in use. Exporting needs Debian's
 * python3-torch and python3-onnx (scripts/setup-system.sh installs them): without them the test fails and says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, ARTIFACTS_DIR, startApp } from './browser';
import { TEST_FILES } from './images';

/** Debian's python: its torch and onnx load only there (as the tools tests run it). */
const PYTHON = '/usr/bin/python3';
const MODEL = 'golden-tiny-64';

/**
 * The tools tests' tiny fixture generator and discriminator (64 px, style_dim 16), saved in train.py's checkpoint
 * layout: it carries its architecture under 'config', so export.py needs no size flags.
 */
const WRITE_CHECKPOINT = `
import sys, torch
sys.path.insert(0, sys.argv[1])
from tools.stylegan2.golden_fixtures import FIXTURE_CONFIG, build_fixture_models
g, d = build_fixture_models()
torch.save({"g": g.state_dict(), "d": d.state_dict(), "g_ema": g.state_dict(), "config": dict(FIXTURE_CONFIG)}, sys.argv[2])
`;

function run(args: string[], what: string): string {
  try {
    return execFileSync(PYTHON, args, { cwd: resolve('.'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${what} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/** Exports a fresh bundle into a temporary folder; fails (never skips) when the Python tooling is missing. */
function exportBundle(root: string): string {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { stdio: 'pipe' });
  } catch (err) {
    const why = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1) ?? String(err);
    throw new Error(
      `This test exports a bundle with tools/stylegan2/export.py, which needs ${PYTHON} with torch and onnx ` +
        `(${why}). Install them: scripts/setup-system.sh (Debian's python3-torch, python3-onnx, python3-numpy).`,
    );
  }
  const checkpoint = join(root, 'tiny.pt');
  const script = join(root, 'write_checkpoint.py');
  writeFileSync(script, WRITE_CHECKPOINT);
  run([script, resolve('.'), checkpoint], 'Writing the tiny checkpoint');
  const out = join(root, MODEL);
  const log = run(
    ['tools/stylegan2/export.py', '--ckpt', checkpoint, '--out', out, '--category', 'face', '--w-avg-samples', '2000'],
    'tools/stylegan2/export.py',
  );
  if (!log.includes('parity gate passed')) throw new Error(`export.py did not pass its parity gate:\n${log}`);
  return out;
}

/** The exported bundle as a zip of its folder, with `edit` applied to its files first. */
function zipOf(dir: string, name: string, edit: (files: Map<string, Uint8Array>) => void) {
  const files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  edit(files);
  const zip = zipSync(Object.fromEntries([...files].map(([f, b]) => [`${MODEL}/${f}`, b])), { level: 1 });
  return { name, mimeType: 'application/zip', buffer: Buffer.from(zip) };
}

const modelReady = (page: Page, name: string) =>
  page.locator(`[data-testid="model-status"][data-state="ready"][data-model="${name}"]`).waitFor({ timeout: 120_000 });

describe('a model bundle opened from disk', () => {
  let app: AppUnderTest;
  let page: Page;
  let tmp: string;
  let bundleDir: string;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gan2shape-e2e-export-'));
    const exported = Date.now();
    bundleDir = exportBundle(tmp);
    console.log(`[model-menu] exported ${MODEL} with export.py: ${((Date.now() - exported) / 1000).toFixed(0)} s`);
    app = await startApp();
    page = await app.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(app.url);
    await page.locator('[data-testid="model-menu"][data-state="ready"]').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses broken bundles with their message and keeps the bundled model', async () => {
    await modelReady(page, 'synface-64');
    const zipInput = page.getByTestId('model-zip-input');
    const problem = page.getByTestId('model-problem');

    await zipInput.setInputFiles(zipOf(bundleDir, 'no-weights.zip', (f) => f.delete('weights.bin')));
    await expect
      .poll(() => problem.textContent(), { timeout: 20_000 })
      .toMatch(/^no-weights.zip is missing weights.bin/);

    const cut = zipOf(bundleDir, 'cut.zip', (f) =>
      f.set('weights.bin', (f.get('weights.bin') as Uint8Array).slice(0, 100_000)),
    );
    await zipInput.setInputFiles(cut);
    await expect
      .poll(() => problem.textContent(), { timeout: 20_000 })
      .toMatch(/weights.bin is truncated: it has 100000 bytes, the tensor table needs 178752/);

    const v2 = zipOf(bundleDir, 'v2.zip', (f) => {
      const manifest = JSON.parse(new TextDecoder().decode(f.get('manifest.json')));
      f.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, version: 2 })));
    });
    await zipInput.setInputFiles(v2);
    await expect.poll(() => problem.textContent(), { timeout: 20_000 }).toMatch(/version 2 is not supported/);

    expect(await page.getByTestId('model-status').getAttribute('data-model')).toBe('synface-64');
    expect(await page.getByTestId('model-option').count()).toBe(0);
  });

  it('opens an exported bundle folder and runs the test preset on it to the end', async () => {
    await page.getByTestId('model-folder-input').setInputFiles(bundleDir);
    await modelReady(page, MODEL);
    expect(await page.getByTestId('model-problem').count()).toBe(0);
    // Its card: the category export.py was given, declared in the manifest (so nothing is said to be assumed).
    const card = page.getByTestId('model-card');
    expect(await card.getAttribute('data-category')).toBe('face');
    await card.locator('summary').click();
    const category = await page.getByTestId('model-category').textContent();
    expect(category).toMatch(/^face: /);
    expect(category).not.toMatch(/declares no category/);

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
