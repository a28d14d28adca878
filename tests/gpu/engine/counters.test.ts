import { describe, expect, it } from 'vitest';
import { counterDelta, WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { getTestDevice } from '../harness';

describe('WebGpuBackend.counters()', () => {
  it('count what fills, reads, uploads and a clone ask of the device; the steady state creates nothing', async () => {
    // A fresh backend: its own pool, bind-group and pipeline caches, so the first fill misses them all.
    const backend = new WebGpuBackend((await getTestDevice()).device);
    const start = backend.counters();
    // The constructor's uniform arena, upload arena and one-element placeholder tensor (a pool miss).
    expect(start).toEqual({
      dispatches: 0,
      submits: 0,
      bufferCreations: 3,
      bindGroupCreations: 0,
      bindGroupHits: 0,
      poolHits: 0,
      pipelineCreations: 0,
      shaderModuleCreations: 0,
      readbacks: 0,
    });

    const a = backend.full([10], 3);
    expect(Array.from(await a.read())).toEqual(new Array(10).fill(3));
    const first = backend.counters();
    expect(counterDelta(first, start)).toEqual({
      dispatches: 1,
      // The kernel and the readback's copy go in one command buffer.
      submits: 1,
      // A pool miss for the tensor and the readback's staging buffer.
      bufferCreations: 2,
      bindGroupCreations: 1,
      bindGroupHits: 0,
      poolHits: 0,
      pipelineCreations: 1,
      shaderModuleCreations: 1,
      readbacks: 1,
    });

    a.release();
    const b = backend.full([10], 5);
    expect(Array.from(await b.read())).toEqual(new Array(10).fill(5));
    const second = backend.counters();
    // The pool reuses a's buffer, the caches its bind group and pipeline, the readback its staging buffer.
    expect(counterDelta(second, first)).toEqual({
      dispatches: 1,
      submits: 1,
      bufferCreations: 0,
      bindGroupCreations: 0,
      bindGroupHits: 1,
      poolHits: 1,
      pipelineCreations: 0,
      shaderModuleCreations: 0,
      readbacks: 1,
    });

    // Another kernel (copy): one pipeline and one bind-group miss; nothing submitted until flush.
    const c = backend.clone(b);
    const encoded = backend.counters();
    expect(counterDelta(encoded, second)).toMatchObject({
      dispatches: 1,
      submits: 0,
      bufferCreations: 1,
      bindGroupCreations: 1,
      pipelineCreations: 1,
      shaderModuleCreations: 1,
      readbacks: 0,
    });
    await backend.finish();
    expect(counterDelta(backend.counters(), encoded)).toMatchObject({ submits: 1, dispatches: 0, readbacks: 0 });
    // finish() with nothing queued submits nothing.
    await backend.finish();
    expect(backend.counters().submits).toBe(encoded.submits + 1);

    // Uploads and kernels between them stay queued: three uploads, a kernel reading one, and a readback of all
    // three (plus the kernel's output) are one submit and one mapAsync.
    const beforeUploads = backend.counters();
    const u = [backend.fromArray([1, 2, 3], [3]), backend.fromArray([4, 5], [2]), backend.fromArray([6], [1])];
    expect(backend.counters().submits).toBe(beforeUploads.submits);
    const copied = backend.clone(u[0]);
    const values = await backend.readAll([...u, copied]);
    expect(values.map((v) => Array.from(v))).toEqual([[1, 2, 3], [4, 5], [6], [1, 2, 3]]);
    expect(counterDelta(backend.counters(), beforeUploads)).toMatchObject({ submits: 1, readbacks: 1 });
    for (const t of [...u, copied]) t.release();
    b.release();
    c.release();
    backend.destroy();
  });

  it('reads back what queued kernels wrote after an upload into a reused buffer (uploads keep their order)', async () => {
    const backend = new WebGpuBackend((await getTestDevice()).device);
    // x is filled by a queued kernel, cloned (a queued read of x), released; its buffer then takes an upload in
    // the same command buffer: the clone must still see 7, the upload 9.
    const x = backend.full([64], 7);
    const y = backend.clone(x);
    x.release();
    const z = backend.fromArray(new Array(64).fill(9), [64]);
    const [yv, zv] = await backend.readAll([y, z]);
    expect(new Set(yv)).toEqual(new Set([7]));
    expect(new Set(zv)).toEqual(new Set([9]));
    // An upload bigger than the arena's first 64 KiB grows it (after a submit of what was queued).
    const big = Array.from({ length: 40_000 }, (_, i) => i % 1000);
    const w = backend.fromArray(big, [40_000]);
    expect(Array.from(await w.read())).toEqual(big);
    for (const t of [y, z, w]) t.release();
    backend.destroy();
  });

  it('caches bind groups by buffer and forgets those of buffers the pool destroys', async () => {
    const backend = new WebGpuBackend((await getTestDevice()).device);
    const loop = async () => {
      const t = backend.full([100], 1);
      const u = backend.clone(t);
      const v = await u.read();
      t.release();
      u.release();
      return v[0];
    };
    // t and u are released in loop order; the pool still gives the next t the buffer t had (the oldest free one),
    // so one loop warms the caches up.
    await loop();
    const warm = backend.counters();
    for (let i = 0; i < 3; i++) expect(await loop()).toBe(1);
    expect(counterDelta(backend.counters(), warm)).toMatchObject({ bindGroupCreations: 0, bufferCreations: 0 });
    // Destroyed buffers take their bind groups with them: the next loop binds new buffers, correctly.
    const entries = backend.bindGroups.stats().entries;
    backend.pool.trim();
    expect(backend.bindGroups.stats().entries).toBe(0);
    expect(entries).toBeGreaterThan(0);
    expect(await loop()).toBe(1);
    expect(backend.bindGroups.stats().entries).toBe(2);
    backend.destroy();
  });
});

describe('WebGpuBackend kernel profiling (timestamp queries)', () => {
  it('times each dispatch per kernel where the device has timestamp-query, and refuses where it has not', async () => {
    const backend = new WebGpuBackend((await getTestDevice()).device);
    if (!backend.device.features.has('timestamp-query')) {
      expect(() => backend.startProfiling()).toThrow(/timestamp-query/);
      return;
    }
    backend.startProfiling();
    const a = backend.full([1 << 16], 2);
    const b = backend.clone(a);
    backend.accumulate(b, a);
    backend.accumulate(b, a);
    const times = await backend.stopProfiling();
    expect(times.map((t) => [t.kernel, t.dispatches]).sort()).toEqual([
      ['core.accumulate', 2],
      ['core.copy', 1],
      ['core.fill', 1],
    ]);
    for (const t of times) expect(t.ms).toBeGreaterThanOrEqual(0);
    expect(times.some((t) => t.ms > 0)).toBe(true);
    // Sorted by time, and the work itself is unchanged by the per-dispatch passes.
    expect(times.map((t) => t.ms)).toEqual([...times.map((t) => t.ms)].sort((x, y) => y - x));
    expect((await b.read())[12345]).toBe(6);
    await expect(backend.stopProfiling()).rejects.toThrow(/not profiling/);
    a.release();
    b.release();
    backend.destroy();
  });
});

describe('BufferPool hand-out order', () => {
  it('gives the oldest free buffer of a bucket, whatever the release order', async () => {
    const backend = new WebGpuBackend((await getTestDevice()).device);
    const pool = backend.pool;
    const [a, b, c] = [pool.acquire(1000), pool.acquire(1000), pool.acquire(1000)];
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ]) {
      for (const buffer of order) pool.release(buffer);
      expect([pool.acquire(1000), pool.acquire(1000), pool.acquire(1000)]).toEqual([a, b, c]);
    }
    for (const buffer of [a, b, c]) pool.release(buffer);
    backend.destroy();
  });
});
