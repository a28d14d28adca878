/**
 * Node-only: WebGPU through Dawn's Node bindings (npm `webgpu`). Never imported by browser code.
 * On a machine without a GPU, the Vulkan loader is pointed at the SwiftShader driver that Debian's chromium ships.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SWIFTSHADER_ICD_CANDIDATES = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];

export interface NodeGpu {
  gpu: GPU;
  /** The Vulkan ICD file used, or null when the system's default drivers were used. */
  icd: string | null;
}

/** Finds the SwiftShader ICD unless the caller already chose drivers through the environment. */
function chooseIcd(): string | null {
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES) return null;
  if (process.env.GAN2SHAPE_USE_SYSTEM_VULKAN === '1') return null;
  return SWIFTSHADER_ICD_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

// Dawn's GPU instance must stay reachable while any of its devices lives: if the garbage collector takes it, the
// process crashes (futex/pthread assertions, "Worker exited unexpectedly" under Vitest). Instances are few and
// live as long as the process, so they are pinned here.
const pinnedInstances: GPU[] = [];

export function createNodeGpu(): NodeGpu {
  const icd = chooseIcd();
  // The loader reads this when Dawn creates its Vulkan instance, i.e. inside create() below.
  if (icd) process.env.VK_ICD_FILENAMES = icd;
  const require = createRequire(import.meta.url);
  const dawn = require('webgpu') as { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  // Kernels reference GPUBufferUsage, GPUMapMode etc. as globals, as in the browser.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  pinnedInstances.push(gpu);
  return { gpu, icd };
}
