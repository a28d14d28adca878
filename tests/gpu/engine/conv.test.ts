import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d } from '../../../src/engine/ops/conv';
import { conv2dBackwardWeightBiasKernel } from '../../../src/engine/ops/convWeightBias.kernels';
import { checkParity, getTestBackend } from './parity';

describe('conv2d: WGSL vs float64 reference (forward, dX, dW, dbias)', () => {
  const cases = [
    { k: 3, stride: 1, padding: 1 },
    { k: 4, stride: 2, padding: 1 },
    { k: 5, stride: 1, padding: 2 },
    { k: 5, stride: 2, padding: 0 },
    { k: 1, stride: 1, padding: 0 },
    { k: 1, stride: 2, padding: 0 },
    { k: 3, stride: 2, padding: 3 },
  ];
  for (const c of cases) {
    it(`batch 3, 5 -> 6 channels, 7x9, k${c.k} s${c.stride} p${c.padding}, bias`, async () => {
      const r = await checkParity({
        inputs: [{ shape: [3, 5, 7, 9] }, { shape: [6, 5, c.k, c.k] }, { shape: [6] }],
        forward: ([x, w, b]) => conv2d(x, w, b, { stride: c.stride, padding: c.padding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('no bias, frozen weight, large batch x pixels (split-K dW path exercised by the x gradient only)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [2, 3, 16, 16] }, { shape: [5, 3, 3, 3], requiresGrad: false }],
      forward: ([x, w]) => conv2d(x, w, null, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('4x4 -> 1x1 bottleneck with 40 input channels runs split over input channels (split-K)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 40, 4, 4] }, { shape: [6, 40, 4, 4] }, { shape: [6] }],
      forward: ([x, w, b]) => conv2d(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('dW over 2 x 24 x 24 pixels goes through the two-level reduction', async () => {
    const r = await checkParity({
      inputs: [{ shape: [2, 4, 24, 24], requiresGrad: false }, { shape: [8, 4, 3, 3] }, { shape: [8] }],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('conv2d weight and bias gradients from one kernel (the bias as a constant-1 tap)', () => {
  it.each([
    ['32 taps: the bias tap starts a new workgroup column', [2, 8, 6, 5], [7, 8, 2, 2], 0],
    ['4 taps: the bias tap starts a new 4-tap lane group', [3, 4, 5, 7], [5, 4, 1, 1], 0],
    ['31 taps + bias fill one workgroup column, 2 x 20 x 20 pixels in chunks', [2, 31, 20, 20], [3, 31, 1, 1], 0],
  ] as Array<[string, number[], number[], number]>)('%s', async (_name, xShape, wShape, padding) => {
    const r = await checkParity({
      inputs: [{ shape: xShape, requiresGrad: false }, { shape: wShape }, { shape: [wShape[0]] }],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([
    ['bias only (frozen weight): the per-channel sum', false, true],
    ['weight only (frozen bias)', true, false],
  ])('%s', async (_name, weightGrad, biasGrad) => {
    const r = await checkParity({
      inputs: [
        { shape: [2, 3, 9, 7] },
        { shape: [5, 3, 3, 3], requiresGrad: weightGrad },
        { shape: [5], requiresGrad: biasGrad },
      ],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('is one dispatch for few pixels and two with chunks, and no channelSum', async () => {
    const gpu = await getTestBackend();
    for (const [pixels, dispatches] of [
      [4, 1],
      [40, 2],
    ]) {
      const dy = gpu.full([2, 6, pixels, pixels], 0.5);
      const x = gpu.full([2, 3, pixels, pixels], 2);
      const before = gpu.counters().dispatches;
      const { dw, db } = conv2dBackwardWeightBiasKernel([dy, x], { stride: 1, pad: 1, weightShape: [6, 3, 3, 3] });
      expect(gpu.counters().dispatches - before).toBe(dispatches);
      expect(Array.from(await db.read())).toEqual(new Array(6).fill(0.5 * 2 * pixels * pixels));
      for (const t of [dy, x, dw, db]) t.release();
    }
  });
});

describe('conv_transpose2d: WGSL vs float64 scatter-form reference', () => {
  const cases = [
    { k: 4, stride: 1, padding: 0, outputPadding: 0 },
    { k: 4, stride: 2, padding: 1, outputPadding: 0 },
    { k: 3, stride: 2, padding: 1, outputPadding: 1 },
    { k: 3, stride: 2, padding: 0, outputPadding: 0 },
    { k: 5, stride: 3, padding: 2, outputPadding: 2 },
    { k: 1, stride: 1, padding: 0, outputPadding: 0 },
  ];

  it('1x1 input -> 4x4 (the first decoder conv_transpose), dX through the split-K forward conv', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 12, 1, 1] }, { shape: [12, 40, 4, 4] }, { shape: [40] }],
      forward: ([x, w, b]) => convTranspose2d(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });
  for (const c of cases) {
    it(`batch 3, 5 -> 6 channels, 7x9 input, k${c.k} s${c.stride} p${c.padding} op${c.outputPadding}, bias`, async () => {
      const r = await checkParity({
        inputs: [{ shape: [3, 5, 7, 9] }, { shape: [5, 6, c.k, c.k] }, { shape: [6] }],
        forward: ([x, w, b]) =>
          convTranspose2d(x, w, b, { stride: c.stride, padding: c.padding, outputPadding: c.outputPadding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }
});
