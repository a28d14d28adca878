/**
 * A packed buffer: several tensors' values in one pooled GPU buffer, each slot at an offset aligned to the
 * device's storage-offset alignment (at least 256 bytes), so that one kernel can bind the whole range (a
 * multi-tensor optimizer step: one dispatch for every parameter) while ops bind each slot as an ordinary tensor
 * (a view: the slot's buffer, offset and size). The gaps between slots are zero-filled at creation and no view
 * covers them.
 *
 * Ownership: the buffer comes from the backend's pool and is marked in use there, so the pool never hands it out
 * or trims it while anything views it. When the packed buffer is disposed and its last view released (parameters
 * moved into a packed buffer keep their views after the optimizer that packed them is gone; modules release them
 * as usual) the pool retires it: destroyed after the next submit rather than kept free, since its size (a whole
 * net's parameters) rarely matches another request and would only raise the pool's bytes phase after phase.
 */
import { type Shape, sizeOf } from '../shape';
import { Tensor, type WebGpuStorage } from '../tensor';
import type { WebGpuBackend } from './backend';

/** The smallest slot alignment in bytes (WebGPU's default minStorageBufferOffsetAlignment). */
export const PACKED_ALIGNMENT = 256;

export class PackedBuffer {
  readonly buffer: GPUBuffer;
  /** Byte offset of each slot. */
  readonly offsets: readonly number[];
  /** Floats from the first slot's start to the last slot's end (what a whole-buffer view covers). */
  readonly floats: number;
  private views = 0;
  private disposedValue = false;

  constructor(
    private readonly backend: WebGpuBackend,
    readonly shapes: readonly Shape[],
  ) {
    if (shapes.length === 0) throw new Error('PackedBuffer: no slots.');
    const align = Math.max(PACKED_ALIGNMENT, backend.device.limits.minStorageBufferOffsetAlignment);
    const offsets: number[] = [];
    let bytes = 0;
    for (const shape of shapes) {
      offsets.push(bytes);
      bytes += Math.ceil((sizeOf(shape) * 4) / align) * align;
    }
    this.offsets = offsets;
    const last = shapes.length - 1;
    this.floats = offsets[last] / 4 + sizeOf(shapes[last]);
    this.buffer = backend.pool.acquire(bytes);
    // Zero everything once: the gaps stay zero (a whole-range Adam step keeps zeros zero).
    const whole = this.range(0, last);
    backend.fillInPlace(whole, 0);
    whole.release();
  }

  /** A tensor viewing slot `i` (its shape). */
  view(i: number): Tensor {
    return this.viewOf(this.offsets[i], this.shapes[i]);
  }

  /** A 1-D tensor viewing slots first..last and the gaps between them (a multi-tensor kernel's binding). */
  range(first: number, last: number): Tensor {
    if (!(first >= 0 && first <= last && last < this.shapes.length))
      throw new Error(`PackedBuffer.range(${first}, ${last}) outside ${this.shapes.length} slots.`);
    const start = this.offsets[first];
    const floats = (this.offsets[last] - start) / 4 + sizeOf(this.shapes[last]);
    return this.viewOf(start, [floats]);
  }

  /** Whether `t` is a view of slot `i` (its values live there). */
  holds(t: Tensor, i: number): boolean {
    return this.slotOf(t) === i;
  }

  /** No new views; the buffer goes back to the pool once the last view is released. */
  dispose(): void {
    if (this.disposedValue) return;
    this.disposedValue = true;
    this.maybeFree();
  }

  get disposed(): boolean {
    return this.disposedValue;
  }

  /** Live views (tests). */
  get viewCount(): number {
    return this.views;
  }

  private viewOf(offset: number, shape: Shape): Tensor {
    if (this.disposedValue) throw new Error('PackedBuffer: disposed, no new views.');
    this.views++;
    const storage: WebGpuStorage = {
      kind: 'webgpu',
      buffer: this.buffer,
      offset,
      packed: this,
    };
    return new Tensor(this.backend, shape, storage);
  }

  /** Index of the slot `t` views (its whole slot), or -1. */
  slotOf(t: Tensor): number {
    if (t.released || t.backend !== this.backend) return -1;
    const s = t.storage as WebGpuStorage;
    if (s.buffer !== this.buffer) return -1;
    const i = this.offsets.indexOf(s.offset ?? 0);
    return i >= 0 && t.size === sizeOf(this.shapes[i]) ? i : -1;
  }

  /** Called by the backend when one of this buffer's views is released. */
  releaseView(): void {
    this.views--;
    this.maybeFree();
  }

  private maybeFree(): void {
    if (this.disposedValue && this.views === 0) this.backend.pool.retire(this.buffer);
  }
}
