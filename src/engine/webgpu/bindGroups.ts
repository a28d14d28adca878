/**
 * Bind groups cached by what they bind: the binding signature's layout, the uniform arena (its slot is a dynamic
 * offset, so it is not part of the key) and each storage binding's buffer, byte offset and byte size. A training loop that
 * releases what it acquires gets the same pool buffers back in the same order every iteration, so after warm-up
 * every dispatch finds its bind group here and none is created (bench:method counts them).
 *
 * A bind group must never outlive a buffer it binds: the pool tells the cache when it destroys one (forget()).
 * The cache is bounded; past its limit it starts over (a loop with ever-new buffer combinations would otherwise
 * grow it without end), which shows as misses in bench:method, never as wrong bindings.
 */
import type { BindingLayout } from './pipelines';

export interface StorageBinding {
  buffer: GPUBuffer;
  /** Byte offset of the binding (a view into a packed buffer; 0 for a whole pooled buffer). */
  offset: number;
  /** Bytes bound from `offset`. */
  size: number;
}

export interface BindGroupCacheStats {
  hits: number;
  misses: number;
  entries: number;
}

export const BIND_GROUP_CACHE_LIMIT = 16384;

export class BindGroupCache {
  private readonly groups = new Map<string, GPUBindGroup>();
  /** Which cached keys bind each buffer, so that destroying it drops them. */
  private readonly keysByBuffer = new Map<GPUBuffer, Set<string>>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private nextId = 1;
  hits = 0;
  /** createBindGroup calls. */
  misses = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly limit = BIND_GROUP_CACHE_LIMIT,
  ) {}

  get(layout: BindingLayout, uniforms: GPUBuffer, uniformSlotBytes: number, storage: readonly StorageBinding[]) {
    let key = `${layout.key}|${this.id(uniforms)}`;
    for (const b of storage) key += `|${this.id(b.buffer)}@${b.offset}:${b.size}`;
    const cached = this.groups.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    if (this.groups.size >= this.limit) this.clear();
    const group = this.device.createBindGroup({
      label: layout.key,
      layout: layout.bindGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: uniforms, offset: 0, size: uniformSlotBytes } },
        ...storage.map((b, i) => ({ binding: i + 1, resource: { buffer: b.buffer, offset: b.offset, size: b.size } })),
      ],
    });
    this.misses++;
    this.groups.set(key, group);
    for (const b of [{ buffer: uniforms }, ...storage]) {
      let keys = this.keysByBuffer.get(b.buffer);
      if (!keys) {
        keys = new Set();
        this.keysByBuffer.set(b.buffer, keys);
      }
      keys.add(key);
    }
    return group;
  }

  /** Drops every bind group that binds `buffer` (call before destroying it). */
  forget(buffer: GPUBuffer): void {
    const keys = this.keysByBuffer.get(buffer);
    if (!keys) return;
    for (const key of keys) this.groups.delete(key);
    this.keysByBuffer.delete(buffer);
  }

  clear(): void {
    this.groups.clear();
    this.keysByBuffer.clear();
  }

  stats(): BindGroupCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.groups.size };
  }

  private id(buffer: GPUBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(buffer, id);
    }
    return id;
  }
}
