/**
 * Headless Chromium for e2e tests and benchmarks: Debian's chromium (never a downloaded browser) with the flags
 * this project needs (platform-notes section 1): WebGPU on, no background networking, SwiftShader when asked.
 */
import { existsSync } from 'node:fs';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const COMMON_CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** WebGPU on SwiftShader (the CPU Vulkan driver chromium ships): machines without a GPU. */
export const SWIFTSHADER_FLAGS = ['--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader'];

export function findChromium(): string {
  const path = process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error("No Chromium found. Install Debian's chromium: run `bash scripts/setup-system.sh`.");
  }
  return path;
}
