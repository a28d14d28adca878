/**
 * An output of an ORT run. On the WebGPU EP it stays in an ORT-created GPU buffer on the shared device
 * (preferredOutputLocation 'gpu-buffer'); engine kernels can bind that buffer directly through engineView(), with
 * no readback and no copy. Ownership: ORT created the buffer, so only dispose() (tensor.dispose()) frees it;
 * engine buffers handed to ORT as inputs are never disposed through ORT.
 */

import { type Backend, Tensor, type WebGpuBackend } from '../../engine';
import type { OrtTensor } from './ortModule';

/**
 * An engine tensor that borrows an ORT output buffer. It never enters the pool: release() refuses, because the
 * buffer belongs to ORT. Valid until the owning GanOutput is disposed.
 */
export class BorrowedGpuTensor extends Tensor {
  constructor(backend: Backend, shape: readonly number[], buffer: GPUBuffer) {
    super(backend, shape, { kind: 'webgpu', buffer });
    // Keep it out of any tape that is running: a tape would release it on free().
    this.keep();
  }

  override release(): void {
    throw new Error(`${this} borrows an onnxruntime output buffer: dispose the GanOutput instead of releasing it.`);
  }
}

export class GanOutput {
  private disposed = false;
  /** Backends whose kernels may read this buffer: their queued work is submitted before the buffer goes back. */
  private readonly readers = new Set<WebGpuBackend>();

  constructor(
    /** 'image' or 'w', the graph's output name. */
    readonly name: string,
    private readonly tensor: OrtTensor,
  ) {}

  get dims(): readonly number[] {
    return this.tensor.dims;
  }

  get location(): 'gpu-buffer' | 'cpu' {
    return this.tensor.location === 'gpu-buffer' ? 'gpu-buffer' : 'cpu';
  }

  /** The ORT-owned GPU buffer (WebGPU EP only). */
  get gpuBuffer(): GPUBuffer {
    this.checkAlive();
    if (this.tensor.location !== 'gpu-buffer')
      throw new Error(`Output ${this.name} is on the CPU (wasm EP), not on the GPU.`);
    return this.tensor.gpuBuffer as unknown as GPUBuffer;
  }

  /** An engine tensor over the same GPU buffer (no copy). The backend must use the device ORT ran on. */
  engineView(backend: WebGpuBackend): BorrowedGpuTensor {
    this.readers.add(backend);
    return new BorrowedGpuTensor(backend, this.dims, this.gpuBuffer);
  }

  /** An engine-owned copy made by an engine kernel on the GPU (no readback); the output can be disposed after. */
  toEngineTensor(backend: WebGpuBackend): Tensor {
    return backend.clone(this.engineView(backend));
  }

  /** The values on the CPU (a readback on the WebGPU EP: meant for display and tests, not for the hot path). */
  async read(): Promise<Float32Array> {
    this.checkAlive();
    return (await this.tensor.getData()) as Float32Array;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Engine kernels that read the buffer may still sit in an unsubmitted encoder; ORT may reuse the buffer for its
    // next run, which is queued after anything submitted now.
    for (const backend of this.readers) backend.flush();
    this.tensor.dispose();
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error(`Output ${this.name} was used after dispose().`);
  }
}
