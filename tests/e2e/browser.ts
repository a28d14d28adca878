/**
 * e2e harness: build the app once, serve it on 127.0.0.1 (WebGPU needs a secure context), and drive Debian's
 * chromium headless with SwiftShader WebGPU through playwright-core (never a downloaded browser).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { COMMON_CHROMIUM_FLAGS, findChromium, SWIFTSHADER_FLAGS } from '../../tools/browser/chromium';

export const ARTIFACTS_DIR = resolve('test-artifacts');

export const CHROMIUM_FLAGS = [...COMMON_CHROMIUM_FLAGS, ...SWIFTSHADER_FLAGS];

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

export interface AppUnderTest {
  url: string;
  browser: Browser;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * Builds the production bundle (unless E2E_SKIP_BUILD=1 and dist/ exists: the e2e layer's global setup built it),
 * serves it with `vite preview` and starts one browser for the test file.
 */
export async function startApp(): Promise<AppUnderTest> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const outDir = resolve('dist');
  if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(outDir)) {
    await build({ logLevel: 'warn', build: { outDir } });
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true },
    build: { outDir },
  });
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({
    executablePath: findChromium(),
    // playwright gives every launch a fresh temporary profile (the --user-data-dir the platform notes ask for).
    args: CHROMIUM_FLAGS,
  });
  return {
    url,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      page.on('pageerror', (err) => console.error('[page error]', err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') console.error('[page console]', msg.text());
      });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.httpServer.close(() => ok()));
    },
  };
}
