/**
 * Readback staging buffers (MAP_READ | COPY_DST), reused: a readback takes one of at least the size it needs,
 * maps it, copies the bytes out, unmaps it and gives it back, so a training loop that reads its losses every few
 * iterations creates no buffer after warm-up. Sizes round up to a power of two (at least 256 bytes).
 */
export class StagingPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  /** device.createBuffer calls. */
  created = 0;

  constructor(private readonly device: GPUDevice) {}

  acquire(bytes: number): GPUBuffer {
    const size = Math.max(256, 2 ** Math.ceil(Math.log2(bytes)));
    const buffer = this.free.get(size)?.pop();
    if (buffer) return buffer;
    this.created++;
    return this.device.createBuffer({
      size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: `staging-${size}`,
    });
  }

  /** Gives back an unmapped buffer. */
  release(buffer: GPUBuffer): void {
    let list = this.free.get(buffer.size);
    if (!list) {
      list = [];
      this.free.set(buffer.size, list);
    }
    list.push(buffer);
  }

  destroy(): void {
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
  }
}
