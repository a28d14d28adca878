import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { countNonFinite } from '../../../../src/engine/ops/check';
import { nonFiniteCountKernel } from '../../../../src/engine/ops/check.kernels';
import { PackedBuffer } from '../../../../src/engine/webgpu/packed';
import { getTestBackend } from '../parity';

/** Values with non-finite entries at scattered positions (including the first and last). */
function poisoned(n: number, every: number): Float32Array {
  const v = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
  for (let i = 0; i < n; i += every) v[i] = [Number.NaN, Infinity, -Infinity][(i / every) % 3];
  v[n - 1] = Number.NaN;
  return v;
}

describe('check family: WGSL vs float64 reference', () => {
  // odd sizes, one smaller than the workgroup, one many times its size
  it.each([
    [1, 1],
    [7, 3],
    [255, 17],
    [100_003, 101],
  ])('counts the non-finite values of %i values (every %i-th poisoned)', async (n, every) => {
    const gpu = await getTestBackend();
    const cpu = new CpuBackend();
    const values = poisoned(n, every);
    const expected = await countNonFinite(cpu, [cpu.fromArray(values, [n])]).read();
    const x = gpu.fromArray(values, [n]);
    const counter = countNonFinite(gpu, [x]);
    expect(Array.from(await counter.read())).toEqual(Array.from(expected));
    x.release();
    counter.release();
  });

  it('accumulates several tensors (batch > 1, 4-D) into one counter and leaves finite tensors at 0', async () => {
    const gpu = await getTestBackend();
    const a = gpu.fromArray(poisoned(2 * 3 * 5 * 7, 4), [2, 3, 5, 7]);
    const b = gpu.fromArray(poisoned(33, 5), [3, 11]);
    const clean = gpu.fromArray(
      Float32Array.from({ length: 300 }, (_, i) => (i - 150) * 1e30),
      [300],
    );
    const both = countNonFinite(gpu, [a, b, clean]);
    const cpu = new CpuBackend();
    const reference = await countNonFinite(cpu, [
      cpu.fromArray(poisoned(210, 4), [2, 3, 5, 7]),
      cpu.fromArray(poisoned(33, 5), [3, 11]),
    ]).read();
    const expected = reference[0];
    expect(expected).toBeGreaterThan(50);
    expect((await both.read())[0]).toBe(expected);
    const none = countNonFinite(gpu, [clean]);
    expect((await none.read())[0]).toBe(0);
    for (const t of [a, b, clean, both, none]) t.release();
  });

  it('counts every slot of a packed buffer in one dispatch, and a partial set of its views one by one', async () => {
    const gpu = await getTestBackend();
    const shapes = [[2, 3, 5, 7], [3, 11], [1]];
    const data = [poisoned(210, 4), poisoned(33, 5), Float32Array.of(Number.NaN)];
    const packed = new PackedBuffer(gpu, shapes);
    const views = shapes.map((_, i) => packed.view(i));
    views.forEach((v, i) => {
      const src = gpu.fromArray(data[i], shapes[i]);
      gpu.copyInto(v, src);
      src.release();
    });
    const cpu = new CpuBackend();
    const expected = (
      await countNonFinite(
        cpu,
        data.map((d, i) => cpu.fromArray(d, shapes[i])),
      ).read()
    )[0];
    const before = gpu.dispatchCount;
    const all = countNonFinite(gpu, views);
    // zeros + one range
    expect(gpu.dispatchCount - before).toBe(2);
    expect((await all.read())[0]).toBe(expected);
    const some = countNonFinite(gpu, [views[2], views[0]]);
    expect((await some.read())[0]).toBe(
      expected - (await countNonFinite(cpu, [cpu.fromArray(data[1], [33])]).read())[0],
    );
    for (const t of [...views, all, some]) t.release();
    packed.dispose();
  });

  it('rejects a counter that is not one value', async () => {
    const gpu = await getTestBackend();
    const x = gpu.zeros([4]);
    const bad = gpu.zeros([2]);
    expect(() => nonFiniteCountKernel([x, bad], {})).toThrow(/counter must hold one value/);
    x.release();
    bad.release();
  });
});
