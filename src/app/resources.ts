/**
 * What the page holds right now, on the GPU (the engine's live tensors and buffer pool) and in WebGL (the 3D
 * views' renderers, geometries and textures): the memory readout of the GPU panel, and what the e2e memory test
 * compares after many runs. ONNX Runtime sessions are not counted: the app creates none (the GAN runs on the
 * engine; ORT serves the CLI's and tests' forward paths).
 */
import { liveTensorCount } from '../engine/tensor';
import type { WebGpuBackend } from '../engine/webgpu/backend';
import { meshViewMemory } from './viewer/DepthMeshView';

export interface ResourceReading {
  tensors: number;
  inUseBuffers: number;
  /** Bytes of every buffer the pool has allocated (in use or kept for reuse). */
  poolBytes: number;
  renderers: number;
  geometries: number;
  textures: number;
}

export function readResources(backend: WebGpuBackend | null): ResourceReading {
  const pool = backend?.pool.stats();
  return {
    tensors: liveTensorCount(),
    inUseBuffers: pool?.inUseBuffers ?? 0,
    poolBytes: pool?.allocatedBytes ?? 0,
    ...meshViewMemory(),
  };
}
