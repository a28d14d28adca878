/**
 * e2e global setup: builds the production bundle once for the whole layer (each file used to build it again,
 * ~7 s each), then tells every test file's startApp to serve that build (workers start after this runs and
 * inherit the environment).
 */
import { resolve } from 'node:path';
import { build } from 'vite';

export default async function buildOnce(): Promise<void> {
  await build({ logLevel: 'warn', build: { outDir: resolve('dist') } });
  process.env.E2E_SKIP_BUILD = '1';
}
