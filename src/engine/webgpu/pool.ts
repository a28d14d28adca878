/**
 * Size-bucketed GPU buffer pool with explicit release. Buffers are never destroyed while the pool lives, so a
 * training loop that releases what it acquires reaches a steady state: allocatedBytes and liveBuffers stay flat.
 * Bucket sizes grow in quarter-octave steps (at most 25% waste) above 256 bytes.
 *
 * acquire() hands out the oldest free buffer of its bucket (lowest creation number), not the last released: the
 * buffer a tensor gets then depends only on which buffers are free, not on the order they were released in, so
 * every iteration of a loop binds the same buffers in the same places and finds its bind groups cached
 * (bindGroups.ts). Last-released-first permuted the buffers from one iteration to the next.
 */
export interface PoolStats {
  /** Bytes of all GPU buffers the pool has created and not destroyed. */
  allocatedBytes: number;
  /** Number of GPU buffers the pool has created and not destroyed. */
  liveBuffers: number;
  inUseBuffers: number;
  freeBuffers: number;
}

export function bucketSize(byteSize: number): number {
  if (!Number.isFinite(byteSize) || byteSize <= 0) throw new Error(`Cannot allocate a buffer of ${byteSize} bytes.`);
  if (byteSize <= 256) return 256;
  const octave = 2 ** Math.floor(Math.log2(byteSize - 1));
  const step = octave / 4;
  return Math.ceil(byteSize / step) * step;
}

export class BufferPool {
  /** Per bucket, the free buffers sorted by creation number, highest first (pop() gives the oldest). */
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly order = new Map<GPUBuffer, number>();
  private readonly inUse = new Map<GPUBuffer, number>();
  private allocatedBytes = 0;
  private liveBuffers = 0;
  private freeCount = 0;
  private readonly retired: GPUBuffer[] = [];
  /** device.createBuffer calls since creation (a pool miss each; benchmarks read it through backend.counters()). */
  createdBuffers = 0;
  /** acquire() calls served from a free buffer (the pool's hit count). */
  reusedBuffers = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    /** Called for each buffer just before trim() destroys it (the bind-group cache forgets it). */
    private readonly onDestroy: (buffer: GPUBuffer) => void = () => {},
  ) {}

  acquire(byteSize: number): GPUBuffer {
    const size = bucketSize(byteSize);
    const list = this.free.get(size);
    let buffer = list?.pop();
    if (buffer) {
      this.freeCount--;
      this.reusedBuffers++;
    } else {
      buffer = this.device.createBuffer({ size, usage: this.usage, label: `pool-${size}` });
      this.createdBuffers++;
      this.order.set(buffer, this.createdBuffers);
      this.allocatedBytes += size;
      this.liveBuffers++;
    }
    this.inUse.set(buffer, size);
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const size = this.inUse.get(buffer);
    if (size === undefined)
      throw new Error('BufferPool.release: buffer is not in use (released twice, or not from this pool).');
    this.inUse.delete(buffer);
    let list = this.free.get(size);
    if (!list) {
      list = [];
      this.free.set(size, list);
    }
    // Binary search for the slot that keeps the list sorted by creation number, highest first.
    const rank = this.order.get(buffer) ?? 0;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.order.get(list[mid]) ?? 0) > rank) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, buffer);
    this.freeCount++;
  }

  /**
   * Takes an in-use buffer out of the pool for good instead of releasing it: a packed buffer (packed.ts) whose
   * size no other request is likely to match would otherwise sit free in its bucket. It stops counting at once and
   * is destroyed by the next destroyRetired(), which the backend calls after a submit (work already submitted
   * may still use it; WebGPU lets it finish).
   */
  retire(buffer: GPUBuffer): void {
    if (!this.inUse.delete(buffer))
      throw new Error('BufferPool.retire: buffer is not in use (released, or not from this pool).');
    this.allocatedBytes -= buffer.size;
    this.liveBuffers--;
    this.order.delete(buffer);
    this.onDestroy(buffer);
    this.retired.push(buffer);
  }

  /** Destroys the retired buffers (call when no unsubmitted command can use them). */
  destroyRetired(): void {
    for (const buffer of this.retired) buffer.destroy();
    this.retired.length = 0;
  }

  /** Destroys every free buffer (e.g. after a phase with different shapes). In-use buffers are untouched. */
  trim(): void {
    for (const list of this.free.values()) {
      for (const buffer of list) {
        this.allocatedBytes -= buffer.size;
        this.liveBuffers--;
        this.onDestroy(buffer);
        this.order.delete(buffer);
        buffer.destroy();
      }
    }
    this.free.clear();
    this.freeCount = 0;
  }

  stats(): PoolStats {
    return {
      allocatedBytes: this.allocatedBytes,
      liveBuffers: this.liveBuffers,
      inUseBuffers: this.inUse.size,
      freeBuffers: this.freeCount,
    };
  }
}
