import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d } from '../../../src/engine/ops/conv';
import { checkParity } from './parity';

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
