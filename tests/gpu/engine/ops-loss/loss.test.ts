import { describe, expect, it } from 'vitest';
import { maskedL1, mse, smoothness } from '../../../../src/engine/ops/loss';
import { SINGLE_PASS_MAX } from '../../../../src/engine/ops/loss.kernels';
import { checkParity, getTestBackend } from '../parity';

describe('loss family: WGSL vs float64 reference', () => {
  it.each([
    ['[3,1,7,9] mask over 5 channels', [3, 5, 7, 9], [3, 1, 7, 9]],
    ['full-shape mask', [3, 5, 7, 9], [3, 5, 7, 9]],
    ['RGB 3x32x32 batch 2 (several chunks)', [2, 3, 32, 32], [2, 1, 32, 32]],
  ])('masked L1, %s: a, b and mask gradients', async (_name, shape, maskShape) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape }, { shape: maskShape, low: 0.1, high: 1 }],
      forward: ([a, b, m]) => maskedL1(a, b, m),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('masked L1 with a frozen binary-like mask', async () => {
    const mask = Array.from({ length: 3 * 7 * 9 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const r = await checkParity({
      inputs: [
        { shape: [3, 5, 7, 9] },
        { shape: [3, 5, 7, 9], requiresGrad: false },
        { shape: [3, 1, 7, 9], data: mask, requiresGrad: false },
      ],
      forward: ([a, b, m]) => maskedL1(a, b, m),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[2, 3, 40, 40]]])('MSE on %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }, { shape }], forward: ([a, b]) => mse(a, b) });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([[[3, 5, 7, 9]], [[2, 1, 3, 3]], [[2, 2, 32, 32]]])('smoothness on %j', async (shape) => {
    const r = await checkParity({ inputs: [{ shape }], forward: ([x]) => smoothness(x) });
    expect(r.ok, r.report).toBe(true);
  });

  // Past SINGLE_PASS_MAX elements the loss is a two-level reduction (partials + finish); below it one pass.
  it.each([
    ['masked L1', [2, 3, 211, 211], [2, 1, 211, 211]],
    ['MSE', [2, 3, 211, 211], null],
    ['smoothness', [1, 3, 300, 300], null],
  ] as Array<[string, number[], number[] | null]>)(
    '%s past the one-pass size (two-level reduction)',
    async (name, shape, maskShape) => {
      expect(shape.reduce((a, b) => a * b, 1)).toBeGreaterThan(SINGLE_PASS_MAX);
      const inputs =
        name === 'smoothness'
          ? [{ shape }]
          : [{ shape }, { shape }, ...(maskShape ? [{ shape: maskShape, low: 0.1, high: 1 }] : [])];
      const r = await checkParity({
        inputs,
        forward: (t) =>
          name === 'smoothness' ? smoothness(t[0]) : maskShape ? maskedL1(t[0], t[1], t[2]) : mse(t[0], t[1]),
      });
      expect(r.ok, r.report).toBe(true);
    },
  );

  it('a small loss is one dispatch, a large one two', async () => {
    const gpu = await getTestBackend();
    for (const [size, dispatches] of [
      [64, 1],
      [600, 2],
    ]) {
      const a = gpu.full([1, 1, size, size], 1);
      const b = gpu.full([1, 1, size, size], 3);
      const before = gpu.dispatchCount;
      const loss = mse(a, b);
      expect(gpu.dispatchCount - before).toBe(dispatches);
      expect(Array.from(await loss.read())).toEqual([4]);
      for (const t of [a, b, loss]) t.release();
    }
  });
});
