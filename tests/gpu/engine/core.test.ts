import { describe, expect, it } from 'vitest';
import { bucketSize } from '../../../src/engine/webgpu/pool';
import { getTestBackend } from './parity';

describe('webgpu backend core', () => {
  it('pool buckets waste at most 25% and reuse released buffers', async () => {
    for (const n of [1, 256, 257, 1000, 4096, 5000, 1 << 20, (1 << 20) + 1]) {
      const b = bucketSize(n);
      expect(b).toBeGreaterThanOrEqual(n);
      expect(b <= 256 || b <= 1.25 * n + 1).toBe(true);
    }
    const gpu = await getTestBackend();
    const a = gpu.empty([1000]);
    const before = gpu.pool.stats();
    const buffer = gpu.buffer(a);
    a.release();
    const b = gpu.empty([990]); // same bucket as 1000 floats
    expect(gpu.buffer(b)).toBe(buffer);
    expect(gpu.pool.stats().allocatedBytes).toBe(before.allocatedBytes);
    b.release();
    expect(() => b.release()).toThrow(/used after release/);
  });

  it('keeps each dispatch its own uniforms across more dispatches than one submit holds', async () => {
    const gpu = await getTestBackend();
    // 150 fills with different values before any readback: uniform slots must not be shared.
    const tensors = Array.from({ length: 150 }, (_, i) => gpu.full([3], i + 0.5));
    const values = await Promise.all(tensors.map((t) => t.read()));
    values.forEach((v, i) => {
      expect([...v]).toEqual([i + 0.5, i + 0.5, i + 0.5]);
    });
    for (const t of tensors) t.release();
  });

  it('rejects an output that aliases an input, and spreads big 1-D launches over two dimensions', async () => {
    const gpu = await getTestBackend();
    const t = gpu.full([4], 1);
    expect(() => gpu.accumulate(t, t)).toThrow(/aliases another binding/);
    t.release();
    const [x, y] = gpu.grid1d(20_000_000, 256);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y * 256).toBeGreaterThanOrEqual(20_000_000);
  });

  it('uploads after queued work do not overtake it (a released buffer reused by fromArray)', async () => {
    const gpu = await getTestBackend();
    const a = gpu.full([64], 2);
    const sum = gpu.zeros([64]);
    gpu.accumulate(sum, a); // queued, reads a
    a.release();
    const b = gpu.fromArray(new Array(64).fill(7), [64]); // likely gets a's buffer back
    expect([...(await sum.read())].every((v) => v === 2)).toBe(true);
    expect([...(await b.read())].every((v) => v === 7)).toBe(true);
    sum.release();
    b.release();
  });
});
