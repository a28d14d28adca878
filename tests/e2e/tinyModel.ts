/**
 * Serves the golden tiny bundle (tests/fixtures/stylegan2/bundle: 64 px, 8-16 channels, 175 kB of weights) in
 * place of the default model, for e2e scenarios whose subject is not the model (ground truth, intake, faults):
 * a test-preset run costs a third of the default model's on SwiftShader. The page still asks for
 * /models/synface-64/...; files the tiny bundle lacks (the pretrained encoder, the model card) answer 404 as from
 * a bundle without them. The manifest declares the default model's category, so crop and mask rules are the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const TINY_BUNDLE = resolve('tests/fixtures/stylegan2/bundle');

export async function serveTinyModel(page: Page): Promise<void> {
  await page.route('**/models/synface-64/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    const path = join(TINY_BUNDLE, name);
    if (!name || !existsSync(path)) {
      await route.fulfill({ status: 404, body: 'Not Found', contentType: 'text/plain' });
      return;
    }
    if (name === 'manifest.json') {
      const manifest = { ...JSON.parse(readFileSync(path, 'utf8')), category: 'synface' };
      await route.fulfill({ body: JSON.stringify(manifest), contentType: 'application/json' });
      return;
    }
    await route.fulfill({ path });
  });
}
