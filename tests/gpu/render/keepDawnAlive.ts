/**
 * Workaround for a crash of Dawn's Node bindings (npm `webgpu` 0.6.2): when the GPU instance returned by
 * `create()` is garbage-collected while a device made from it is still alive, the process dies with
 * "The futex facility returned an unexpected error code" or "std::system_error: Invalid argument". The shared
 * harness (tests/gpu/harness.ts -> createNodeGpu) drops its instance after creating the device, so a gpu test
 * file that runs long enough to trigger a GC crashes (reproduced with the smoke compute under `--expose-gc`:
 * it crashes when the instance is dropped and runs clean when a reference is kept).
 * Imported first by this folder's test files, before the harness first loads `webgpu`: it wraps the native
 * addon's create() so every instance stays reachable. The real fix is one line in src/engine/node/dawn.ts
 * (keep a module-level reference to the instance); this file can go once that is in.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const arch = process.platform === 'darwin' ? 'universal' : process.arch;
const addonPath = join(require.resolve('webgpu'), '..', 'dist', `${process.platform}-${arch}`, 'dawn.node');
const addon = require(addonPath) as { create: ((flags: string[]) => GPU) & { keepsInstances?: boolean } };
const liveInstances: GPU[] = [];

if (!addon.create.keepsInstances) {
  const originalCreate = addon.create;
  addon.create = Object.assign(
    (flags: string[]): GPU => {
      const gpu = originalCreate(flags);
      liveInstances.push(gpu);
      return gpu;
    },
    { keepsInstances: true },
  );
}

export const DAWN_INSTANCES_KEPT: readonly GPU[] = liveInstances;
