/**
 * Benchmarks in headless Chromium: a Vite dev server on 127.0.0.1 (WebGPU needs a secure context) and Debian's
 * chromium driven by playwright-core (never a downloaded browser). SwiftShader flags unless a real GPU is asked for.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { COMMON_CHROMIUM_FLAGS as COMMON_FLAGS, findChromium, SWIFTSHADER_FLAGS } from '../../tools/browser/chromium';

const REAL_GPU_FLAGS = ['--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist'];

export interface BenchPage {
  page: Page;
  close: () => Promise<void>;
}

/** Serves the repository with Vite (plus `plugins`) and opens `path` in a fresh headless Chromium. */
export async function openBenchPage(
  path: string,
  options: { realGpu: boolean; plugins?: Plugin[] },
): Promise<BenchPage> {
  const executablePath = findChromium();
  const server: ViteDevServer = await createServer({
    configFile: 'vite.config.ts',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    plugins: options.plugins ?? [],
    logLevel: 'error',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a port.');
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      // playwright launches with a fresh temporary profile (its own --user-data-dir).
      args: [...COMMON_FLAGS, ...(options.realGpu ? REAL_GPU_FLAGS : SWIFTSHADER_FLAGS)],
    });
    const page = await browser.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') console.error(`[page] ${msg.text()}`);
    });
    await page.goto(`http://127.0.0.1:${address.port}/${path}`);
    const opened = browser;
    return {
      page,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}
