/** One engine backend per GPU device, shared by runs and the manipulation renders. */
import type { EngineDevice } from '../engine/device';
import { WebGpuBackend } from '../engine/webgpu/backend';

const backends = new WeakMap<GPUDevice, WebGpuBackend>();

export function backendFor(engine: EngineDevice): WebGpuBackend {
  let backend = backends.get(engine.device);
  if (!backend) {
    // Software adapters run the register-tiled conv; real GPUs the workgroup-tiled one (see docs/ENGINE_API.md).
    backend = new WebGpuBackend(engine.device, { convKernel: engine.adapter.isSoftware ? 'register' : 'tiled' });
    backends.set(engine.device, backend);
  }
  return backend;
}
