import { describe, expect, it } from 'vitest';
import { counterDelta, WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { getTestDevice } from '../harness';

describe('WebGpuBackend.counters()', () => {
  it('count what a fill + read, a second fill + read and a clone ask of the device', async () => {
    // A fresh backend: its own pool and pipeline cache, so the first fill is a cache miss.
    const backend = new WebGpuBackend((await getTestDevice()).device);
    const start = backend.counters();
    // The constructor's uniform arena and its one-element placeholder tensor (a pool miss); nothing else yet.
    expect(start).toEqual({
      dispatches: 0,
      submits: 0,
      bufferCreations: 2,
      bindGroupCreations: 0,
      pipelineCreations: 0,
      shaderModuleCreations: 0,
      readbacks: 0,
    });

    const a = backend.full([10], 3);
    expect(Array.from(await a.read())).toEqual(new Array(10).fill(3));
    const first = backend.counters();
    expect(counterDelta(first, start)).toEqual({
      dispatches: 1,
      // The kernel's command buffer (flushed by the read) and the readback's copy.
      submits: 2,
      // A pool miss for the tensor and the readback's staging buffer.
      bufferCreations: 2,
      bindGroupCreations: 1,
      pipelineCreations: 1,
      shaderModuleCreations: 1,
      readbacks: 1,
    });

    a.release();
    const b = backend.full([10], 5);
    expect(Array.from(await b.read())).toEqual(new Array(10).fill(5));
    const second = backend.counters();
    // The pool reuses a's buffer and the cache its pipeline: only the staging buffer is new.
    expect(counterDelta(second, first)).toEqual({
      dispatches: 1,
      submits: 2,
      bufferCreations: 1,
      bindGroupCreations: 1,
      pipelineCreations: 0,
      shaderModuleCreations: 0,
      readbacks: 1,
    });

    // Another kernel (copy): one pipeline miss; no readback, nothing submitted until flush.
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
    b.release();
    c.release();
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
