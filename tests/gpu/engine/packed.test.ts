/**
 * Tensor views into a packed buffer (src/engine/webgpu/packed.ts): read, write, bound by kernels at their offsets
 * (input and output), bind groups cached per offset, aliasing refused, moveStorageFrom, and the buffer's lifetime
 * (back to the pool after dispose and the last view, never while a view lives).
 */
import { describe, expect, it } from 'vitest';
import { add, mulScalar } from '../../../src/engine/ops/elementwise';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { PackedBuffer } from '../../../src/engine/webgpu/packed';
import { getTestDevice } from '../harness';

async function freshBackend(): Promise<WebGpuBackend> {
  return new WebGpuBackend((await getTestDevice()).device);
}

describe('packed buffer views', () => {
  it('slots sit at 256-byte offsets; views read, write and bind at their offsets; the gaps stay zero', async () => {
    const backend = await freshBackend();
    const packed = new PackedBuffer(backend, [[3], [70], [2, 2]]);
    expect(packed.offsets).toEqual([0, 256, 256 + 512]);
    const [a, b, c] = [0, 1, 2].map((i) => packed.view(i));
    expect(c.shape).toEqual([2, 2]);
    expect(() => backend.buffer(b)).toThrow(/view at byte 256/);
    // Write: a copy kernel into a view (output binding at an offset), a fill, an upload copied in.
    const src = backend.fromArray([1, 2, 3], [3]);
    backend.copyInto(a, src);
    backend.fillInPlace(b, 0.5);
    const up = backend.fromArray([10, 20, 30, 40], [2, 2]);
    backend.copyInto(c, up);
    // Read: one view, several in one readback.
    expect(Array.from(await a.read())).toEqual([1, 2, 3]);
    const [rb, rc] = await backend.readAll([b, c]);
    expect(Array.from(rb)).toEqual(new Array(70).fill(0.5));
    expect(Array.from(rc)).toEqual([10, 20, 30, 40]);
    // Bound as kernel inputs at their offsets.
    const sum = add(mulScalar(c, 2), c);
    expect(Array.from(await sum.read())).toEqual([30, 60, 90, 120]);
    // The whole range: slots and zero gaps.
    const whole = packed.range(0, 2);
    expect(whole.size).toBe(64 + 128 + 4);
    const values = await whole.read();
    expect(Array.from(values.slice(0, 3))).toEqual([1, 2, 3]);
    expect(values.slice(3, 64).every((v) => v === 0)).toBe(true);
    expect(values.slice(64 + 70, 192).every((v) => v === 0)).toBe(true);
    expect(Array.from(values.slice(192))).toEqual([10, 20, 30, 40]);
    for (const t of [src, up, sum, whole, a, b, c]) t.release();
    packed.dispose();
    backend.destroy();
  });

  it('bind groups are cached per offset; an output may not share its buffer with an input or overlap an output', async () => {
    const backend = await freshBackend();
    const packed = new PackedBuffer(backend, [[8], [8]]);
    const [a, b] = [packed.view(0), packed.view(1)];
    backend.fillInPlace(a, 1);
    backend.fillInPlace(b, 2);
    const before = backend.counters();
    backend.fillInPlace(a, 3);
    backend.fillInPlace(b, 4);
    const after = backend.counters();
    // Same pipeline, one bind group per offset, both created by the first fills: hits now.
    expect(after.bindGroupCreations - before.bindGroupCreations).toBe(0);
    expect(after.bindGroupHits - before.bindGroupHits).toBe(2);
    expect(Array.from(await b.read())).toEqual(new Array(8).fill(4));
    // Reading slot 0 while writing slot 1 of the same buffer: WebGPU's usage rules forbid it, the engine says so.
    expect(() => backend.copyInto(b, a)).toThrow(/aliases another binding/);
    for (const t of [a, b]) t.release();
    packed.dispose();
    backend.destroy();
  });

  it('the buffer is retired after dispose and the last view, not before; moveStorageFrom rehomes a tensor', async () => {
    const backend = await freshBackend();
    const inUse = backend.pool.stats().inUseBuffers;
    const bytes = backend.pool.stats().allocatedBytes;
    const packed = new PackedBuffer(backend, [[5], [6]]);
    expect(backend.pool.stats().inUseBuffers).toBe(inUse + 1);
    const p = backend.fromArray([1, 2, 3, 4, 5], [5]);
    const slot = packed.view(0);
    backend.copyInto(slot, p);
    p.moveStorageFrom(slot);
    expect(slot.released).toBe(true);
    expect(packed.holds(p, 0)).toBe(true);
    // p's own buffer went back to the pool; the packed buffer is still in use.
    expect(backend.pool.stats().inUseBuffers).toBe(inUse + 1);
    packed.dispose();
    expect(() => packed.view(1)).toThrow(/disposed/);
    // A view outlives dispose: the buffer stays in use, the values stay readable, trim() does not touch it.
    backend.flush(); // the queued copy still reads p's old buffer, which trim() destroys
    backend.pool.trim();
    expect(Array.from(await p.read())).toEqual([1, 2, 3, 4, 5]);
    expect(packed.viewCount).toBe(1);
    p.release();
    // Retired, not kept free: the pool's bytes are back to what they were (p's own buffer went at trim()).
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
    expect(backend.pool.stats().allocatedBytes).toBe(bytes);
    backend.flush();
    backend.destroy();
  });
});
