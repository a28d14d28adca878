/**
 * GPU time per kernel from timestamp queries (the adapter's 'timestamp-query' feature), for benchmarks: while a
 * profiler is attached (backend.startProfiling()), every dispatch gets a compute pass of its own whose beginning and
 * end write timestamps; before each submit the timestamps are resolved and copied to a staging buffer that is read
 * asynchronously, never stalling the queue. Profiling changes what it measures (a pass per dispatch, a staging
 * buffer per submit): time a window without it, profile another.
 */

export interface KernelTime {
  /** The dispatch's kernel name (DispatchSpec.kernel: family.entry, e.g. 'conv2d.backwardWeight'). */
  kernel: string;
  /** GPU time summed over the kernel's dispatches, ms. */
  ms: number;
  dispatches: number;
}

export class KernelProfiler {
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  /** Kernels of the passes encoded since the last submit, in order: pass i wrote queries 2i and 2i + 1. */
  private names: string[] = [];
  private readonly pending: Promise<void>[] = [];
  private readonly totals = new Map<string, { ns: number; dispatches: number }>();
  private failure: unknown = null;

  /** `capacity`: the most dispatches one submit holds (the backend flushes at its uniform arena's size). */
  constructor(
    private readonly device: GPUDevice,
    readonly capacity: number,
  ) {
    if (!device.features.has('timestamp-query'))
      throw new Error("Kernel profiling needs the device feature 'timestamp-query'; this device does not have it.");
    this.querySet = device.createQuerySet({ type: 'timestamp', count: 2 * capacity, label: 'kernel-profiler' });
    this.resolveBuffer = device.createBuffer({
      size: 16 * capacity,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      label: 'kernel-profiler-resolve',
    });
  }

  /** Whether this submit's query slots are all used (the backend flushes before the next dispatch). */
  get full(): boolean {
    return this.names.length >= this.capacity;
  }

  /** The timestamp writes of the next dispatch's compute pass. */
  next(kernel: string): GPUComputePassTimestampWrites {
    if (this.names.length >= this.capacity)
      throw new Error(`KernelProfiler: more than ${this.capacity} dispatches in one submit.`);
    const i = this.names.length;
    this.names.push(kernel);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /**
   * Encodes the resolve of this submit's timestamps into `encoder` (before it is finished) and returns what to
   * call once it is submitted, or null when no dispatch was profiled.
   */
  beforeSubmit(encoder: GPUCommandEncoder): (() => void) | null {
    const names = this.names;
    if (names.length === 0) return null;
    this.names = [];
    const bytes = 16 * names.length;
    encoder.resolveQuerySet(this.querySet, 0, 2 * names.length, this.resolveBuffer, 0);
    const staging = this.device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: 'kernel-profiler-staging',
    });
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, staging, 0, bytes);
    return () => {
      const read = staging.mapAsync(GPUMapMode.READ).then(
        () => {
          const stamps = new BigUint64Array(staging.getMappedRange());
          names.forEach((kernel, i) => {
            // A pass whose end reads before its beginning (no timestamps, a reset counter) counts as 0.
            const ns = stamps[2 * i + 1] > stamps[2 * i] ? Number(stamps[2 * i + 1] - stamps[2 * i]) : 0;
            const total = this.totals.get(kernel) ?? { ns: 0, dispatches: 0 };
            total.ns += ns;
            total.dispatches++;
            this.totals.set(kernel, total);
          });
          staging.unmap();
          staging.destroy();
        },
        (err: unknown) => {
          this.failure ??= err;
          staging.destroy();
        },
      );
      this.pending.push(read);
    };
  }

  /** Per kernel, the most GPU time first; waits for the submitted timestamps (flush the backend first). */
  async results(): Promise<KernelTime[]> {
    await Promise.all(this.pending);
    this.pending.length = 0;
    if (this.failure) throw this.failure;
    return [...this.totals.entries()]
      .map(([kernel, t]) => ({ kernel, ms: t.ns / 1e6, dispatches: t.dispatches }))
      .sort((a, b) => b.ms - a.ms);
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
  }
}
