/**
 * Privacy (issue 14): during a whole run of the test preset on a bundled sample (page, model bundle, encoder,
 * sample gallery, every phase) the page asks nothing of any origin but its own. Every request of the page's
 * browser context is recorded from before the first navigation (pages, workers and service workers report to
 * the context), and so are WebSockets, which never show up as requests.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, startApp } from './browser';

/** The bundled default model the app loads on its own (public/models/synface-64). */
const MODEL_DIR = '/models/synface-64/';

/** URLs that never leave the page: inline data and object URLs. */
function isLocalScheme(url: string): boolean {
  return url.startsWith('data:') || url.startsWith('blob:');
}

/** Every request (and WebSocket) of the page's context, in order, with its resource type. */
function recordRequests(page: Page): { url: string; type: string }[] {
  const seen: { url: string; type: string }[] = [];
  page.context().on('request', (request) => seen.push({ url: request.url(), type: request.resourceType() }));
  page.on('websocket', (socket) => seen.push({ url: socket.url(), type: 'websocket' }));
  return seen;
}

describe('privacy: no request to another origin', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a whole run of the test preset on a bundled sample asks only the page its own origin', async () => {
    const page = await app.newPage();
    const requests = recordRequests(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(app.url);
    // A bundled sample, picked from the gallery as a user would.
    await page.getByTestId('gallery').getByRole('button').first().click();
    await page.getByTestId('crop-canvas').waitFor({ timeout: 20_000 });
    await page.getByTestId('preset').selectOption('test');
    await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const started = Date.now();
    await page.getByTestId('start').click();
    await page.locator('[data-testid="timeline"][data-state="done"]').waitFor({ timeout: 480_000 });
    console.log(
      `[privacy.test] test preset, every phase: ${((Date.now() - started) / 1000).toFixed(0)} s; ${requests.length} requests recorded`,
    );
    expect(await page.getByTestId('run-error').count()).toBe(0);

    const origin = new URL(app.url).origin;
    const foreign = requests.filter(({ url }) => !isLocalScheme(url) && new URL(url).origin !== origin);
    expect(
      foreign.map(({ type, url }) => `${type} ${url}`),
      `requests to an origin other than ${origin}`,
    ).toEqual([]);

    // The recorder saw the run's own loading (a recorder that hears nothing must not pass): the page, the
    // sample gallery, the sample and the model bundle's manifest and weights.
    const paths = requests.filter(({ url }) => !isLocalScheme(url)).map(({ url }) => new URL(url).pathname);
    expect(paths).toContain('/');
    expect(paths).toContain('/samples/index.json');
    expect(paths).toContain('/samples/synface/synface_1000000_image.png');
    expect(paths).toContain(`${MODEL_DIR}manifest.json`);
    expect(paths).toContain(`${MODEL_DIR}weights.bin`);
    expect(paths.filter((p) => p.startsWith('/assets/')).length).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeGreaterThanOrEqual(8);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 600_000);
});
