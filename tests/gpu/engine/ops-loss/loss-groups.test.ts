import { describe, expect, it } from 'vitest';
import { maskedL1, maskedL1Groups } from '../../../../src/engine/ops/loss';
import { maskedL1BackwardKernel, maskedL1Kernel, SINGLE_PASS_MAX } from '../../../../src/engine/ops/loss.kernels';
import { slice } from '../../../../src/engine/ops/shape';
import { Random } from '../../../../src/engine/random';
import { checkParity, getTestBackend } from '../parity';

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

describe('grouped masked L1: WGSL vs float64 reference', () => {
  it.each([
    ['N=3 groups [1,2], mask over 3 channels', [3, 3, 5, 7], [3, 1, 5, 7], [1, 2]],
    ['N=5 groups [2,1,2], full-shape mask', [5, 3, 5, 7], [5, 3, 5, 7], [2, 1, 2]],
    ['N=5 groups [2,1,2], mask over 3 channels', [5, 3, 5, 7], [5, 1, 5, 7], [2, 1, 2]],
    ['N=9, 9 groups of one sample', [9, 3, 5, 7], [9, 1, 5, 7], Array(9).fill(1)],
    ['one group (as maskedL1)', [3, 3, 5, 7], [3, 1, 5, 7], [3]],
  ])('%s: loss [G], a, b and mask gradients', async (_name, shape, maskShape, groups) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape }, { shape: maskShape, low: 0.1, high: 1 }],
      forward: ([a, b, m]) => maskedL1Groups(a, b, m, groups),
    });
    expect(r.ok, r.report).toBe(true);
  });

  // Past SINGLE_PASS_MAX the groups are reduced in partials (chunk x group workgroups) + finish (one per group);
  // groups of unequal size leave the smaller group's spare chunks empty.
  it.each([
    ['[1,2]', [3, 3, 211, 211], [3, 1, 211, 211], [1, 2]],
    ['[2,1]', [3, 3, 211, 211], [3, 3, 211, 211], [2, 1]],
  ])('groups %s past the one-pass size (two-level reduction)', async (_name, shape, maskShape, groups) => {
    expect(size(shape)).toBeGreaterThan(SINGLE_PASS_MAX);
    const r = await checkParity({
      inputs: [{ shape }, { shape }, { shape: maskShape, low: 0.1, high: 1 }],
      forward: ([a, b, m]) => maskedL1Groups(a, b, m, groups),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('each group equals maskedL1 on its slice of samples; an all-zero group mask gives NaN', async () => {
    const gpu = await getTestBackend();
    const random = new Random(5);
    for (const big of [false, true]) {
      const shape = big ? [5, 3, 131, 131] : [5, 3, 5, 7];
      const maskShape = [5, 1, shape[2], shape[3]];
      const groups = [2, 1, 2];
      const a = gpu.fromArray(random.uniformArray(size(shape), -1, 1), shape);
      const b = gpu.fromArray(random.uniformArray(size(shape), -1, 1), shape);
      const maskData = random.uniformArray(size(maskShape), 0, 1);
      maskData.fill(0, 2 * size(maskShape.slice(1)), 3 * size(maskShape.slice(1)));
      const m = gpu.fromArray(maskData, maskShape);
      const grouped = await maskedL1Groups(a, b, m, groups).read();
      let first = 0;
      for (const [g, count] of groups.entries()) {
        const parts = [a, b, m].map((t) => slice(t, 0, first, count));
        const one = maskedL1(parts[0], parts[1], parts[2]);
        const want = (await one.read())[0];
        if (g === 1) {
          expect(Number.isNaN(want)).toBe(true);
          expect(Number.isNaN(grouped[g]), `group ${g} of ${shape}`).toBe(true);
        } else {
          expect(Math.abs(grouped[g] - want), `group ${g} of ${shape}`).toBeLessThanOrEqual(1e-6 + 1e-5 * want);
        }
        for (const t of [...parts, one]) t.release();
        first += count;
      }
      for (const t of [a, b, m]) t.release();
    }
  });

  // Counted at the kernels: tape.backward(loss, seed) adds a copy of the seed of its own.
  it('dispatches: forward 1 (2 past the one-pass size), backward 1 for a and b, +1 for the mask', async () => {
    const gpu = await getTestBackend();
    const measured: string[] = [];
    for (const [shape, forwardDispatches] of [
      [[5, 3, 5, 7], 1],
      [[3, 3, 211, 211], 2],
    ] as Array<[number[], number]>) {
      const groups = [1, shape[0] - 1];
      const a = gpu.full(shape, 1);
      const b = gpu.full(shape, 3);
      const m = gpu.full([shape[0], 1, shape[2], shape[3]], 0.5);
      const upstream = gpu.full([2], 1);
      const c0 = gpu.counters().dispatches;
      const { loss, aux } = maskedL1Kernel([a, b, m], { groups });
      const c1 = gpu.counters().dispatches;
      expect(c1 - c0).toBe(forwardDispatches);
      expect(loss.shape).toEqual([2]);
      for (const maskGrad of [false, true]) {
        const before = gpu.counters().dispatches;
        const grads = maskedL1BackwardKernel([a, b, m, loss, aux, upstream], { maskGrad, groups });
        const backward = gpu.counters().dispatches - before;
        expect(backward).toBe(maskGrad ? 2 : 1);
        measured.push(`${shape} groups [${groups}]: forward ${c1 - c0}, backward ${backward} (mask grad ${maskGrad})`);
        for (const t of [grads.da, grads.db, grads.dmask]) t?.release();
      }
      expect(Array.from(await loss.read())).toEqual([2, 2]);
      // aux: each group's denominator, the mask 0.5 broadcast over its samples' elements.
      const perSample = size(shape) / shape[0];
      expect(Array.from(await aux.read())).toEqual(groups.map((count) => count * perSample * 0.5));
      for (const t of [a, b, m, upstream, loss, aux]) t.release();
    }
    console.log(`grouped masked L1 dispatches: ${measured.join('; ')}`);
  });

  it('maskedL1 keeps its dispatch counts and scalar shape', async () => {
    const gpu = await getTestBackend();
    for (const [shape, dispatches] of [
      [[2, 3, 5, 7], 1],
      [[2, 3, 211, 211], 2],
    ] as Array<[number[], number]>) {
      const a = gpu.full(shape, 1);
      const b = gpu.full(shape, 3);
      const m = gpu.full([shape[0], 1, shape[2], shape[3]], 1);
      const before = gpu.counters().dispatches;
      const loss = maskedL1(a, b, m);
      expect(gpu.counters().dispatches - before).toBe(dispatches);
      expect(loss.shape).toEqual([]);
      expect(Array.from(await loss.read())).toEqual([2]);
      for (const t of [a, b, m, loss]) t.release();
    }
  });

  it('refuses bad groups on the GPU with the shapes and groups named', async () => {
    const gpu = await getTestBackend();
    const a = gpu.zeros([3, 3, 5, 7]);
    const m = gpu.zeros([3, 1, 5, 7]);
    expect(() => maskedL1Groups(a, a, m, [1, 1])).toThrow('groups [1, 1] of [3, 3, 5, 7]: the groups sum to 2');
    expect(() => maskedL1Groups(a, a, m, [3, 0])).toThrow(/positive integer/);
    expect(() => maskedL1Groups(a, a, m, [0.5, 2.5])).toThrow(/positive integer/);
    for (const t of [a, m]) t.release();
  });
});
