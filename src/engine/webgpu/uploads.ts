/**
 * Uploads that travel with the queued kernels instead of forcing a submit: fromArray() writes its data into this
 * CPU-side arena and encodes a copy from the arena's GPU buffer into the tensor; the arena goes up with one
 * queue.writeBuffer right before the command buffer that copies from it is submitted (as the uniform arena does).
 * Uploading with writeBuffer straight into a pooled buffer would need a submit first, since queued kernels may
 * still read that buffer's previous tenant; this way an iteration that uploads small tensors stays one submit.
 *
 * The arena grows (a new, larger GPU buffer) when one submit's uploads exceed it; the caller flushes first so
 * that no encoded copy refers to the old buffer's future contents.
 */
const INITIAL_BYTES = 64 * 1024;

export class UploadArena {
  private gpuBuffer: GPUBuffer;
  private data: Uint8Array<ArrayBuffer>;
  private used = 0;
  /** GPU buffers created (growth included). */
  created = 0;

  constructor(private readonly device: GPUDevice) {
    this.gpuBuffer = this.create(INITIAL_BYTES);
    this.data = new Uint8Array(INITIAL_BYTES);
  }

  /** Whether `bytes` more fit before the next upload(). */
  fits(bytes: number): boolean {
    return this.used + align(bytes) <= this.data.byteLength;
  }

  /**
   * Makes room for `bytes` in an empty arena (call right after a flush, when fits() said no). Grows to the next
   * power of two; the old buffer is destroyed (work already submitted that reads it still completes).
   */
  grow(bytes: number): void {
    if (this.used !== 0) throw new Error('UploadArena.grow: flush the pending uploads first.');
    if (bytes <= this.data.byteLength) return;
    const size = 2 ** Math.ceil(Math.log2(align(bytes)));
    this.gpuBuffer.destroy();
    this.gpuBuffer = this.create(size);
    this.data = new Uint8Array(size);
  }

  /** Stages `values` as float32 and returns where they will lie in the arena's GPU buffer. */
  push(values: ArrayLike<number>): { buffer: GPUBuffer; offset: number; bytes: number } {
    const bytes = values.length * 4;
    if (!this.fits(bytes)) throw new Error('UploadArena is full; the backend must flush first.');
    const offset = this.used;
    new Float32Array(this.data.buffer, offset, values.length).set(values);
    this.used += align(bytes);
    return { buffer: this.gpuBuffer, offset, bytes };
  }

  /** Writes the staged bytes to the GPU buffer; call right before submitting the copies that read them. */
  upload(): void {
    if (this.used === 0) return;
    this.device.queue.writeBuffer(this.gpuBuffer, 0, this.data, 0, this.used);
    this.used = 0;
  }

  destroy(): void {
    this.gpuBuffer.destroy();
  }

  private create(size: number): GPUBuffer {
    this.created++;
    return this.device.createBuffer({
      size,
      usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      label: 'upload-arena',
    });
  }
}

/** Copy offsets and sizes must be multiples of 4; 16 keeps every upload's float32 view aligned too. */
function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
