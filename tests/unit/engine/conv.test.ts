import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d } from '../../../src/engine/ops/conv';
import { conv2dForward } from '../../../src/engine/reference/conv';
import { convTranspose2dForward } from '../../../src/engine/reference/conv_transpose';
import { checkGradients } from './fd';

describe('conv references on hand-checked cases', () => {
  it('conv2d 3x3 input, 2x2 kernel, padding 0 and stride 1', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = Float64Array.from([1, 0, 0, -1]);
    const d = { n: 1, ci: 1, h: 3, w: 3, co: 1, kh: 2, kw: 2, oh: 2, ow: 2, stride: 1, pad: 0 };
    expect([...conv2dForward(x, w, Float64Array.from([0.5]), d)]).toEqual([-3.5, -3.5, -3.5, -3.5]);
  });

  it('conv_transpose2d stride 2 scatters each input pixel into a 2x2 block', () => {
    const x = Float64Array.from([1, 2]); // [1,1,1,2]
    const w = Float64Array.from([1, 2, 3, 4]); // [1,1,2,2]
    const d = { n: 1, ci: 1, h: 1, w: 2, co: 1, kh: 2, kw: 2, oh: 2, ow: 4, stride: 2, pad: 0 };
    expect([...convTranspose2dForward(x, w, null, d)]).toEqual([1, 2, 2, 4, 3, 4, 6, 8]);
  });
});

describe('conv family gradients (finite differences, float64)', () => {
  const conv2dCases = [
    { k: 3, stride: 1, padding: 1 },
    { k: 4, stride: 2, padding: 1 },
    { k: 5, stride: 2, padding: 2 },
    { k: 1, stride: 1, padding: 0 },
    { k: 3, stride: 2, padding: 0 },
  ];
  for (const c of conv2dCases) {
    it(`conv2d k${c.k} s${c.stride} p${c.padding} with bias`, () => {
      const r = checkGradients({
        inputs: [{ shape: [2, 3, 6, 7] }, { shape: [4, 3, c.k, c.k] }, { shape: [4] }],
        forward: ([x, w, b]) => conv2d(x, w, b, { stride: c.stride, padding: c.padding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  // Random pre-activations sit far from the kink compared with the finite-difference step (1e-6).
  it.each(['relu', 'leaky_relu'] as const)('conv2d with a fused %s: gradients through the activation', (activation) => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3, 5, 6] }, { shape: [4, 3, 3, 3] }, { shape: [4] }],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding: 1, activation }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('conv2d through a frozen weight', () => {
    const r = checkGradients({
      inputs: [{ shape: [1, 2, 5, 5] }, { shape: [3, 2, 3, 3], requiresGrad: false }],
      forward: ([x, w]) => conv2d(x, w, null, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  const transposeCases = [
    { k: 4, stride: 1, padding: 0, outputPadding: 0 },
    { k: 4, stride: 2, padding: 1, outputPadding: 0 },
    { k: 3, stride: 2, padding: 1, outputPadding: 1 },
    { k: 3, stride: 2, padding: 0, outputPadding: 0 },
  ];
  for (const c of transposeCases) {
    it(`conv_transpose2d k${c.k} s${c.stride} p${c.padding} op${c.outputPadding} with bias`, () => {
      const r = checkGradients({
        inputs: [{ shape: [2, 3, 3, 4] }, { shape: [3, 2, c.k, c.k] }, { shape: [2] }],
        forward: ([x, w, b]) =>
          convTranspose2d(x, w, b, { stride: c.stride, padding: c.padding, outputPadding: c.outputPadding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('rejects a channel mismatch and a kernel larger than the padded input', () => {
    const fd = (w: number[]) => () =>
      checkGradients({ inputs: [{ shape: [1, 2, 3, 3] }, { shape: w }], forward: ([x, wt]) => conv2d(x, wt, null) });
    expect(fd([1, 3, 3, 3])).toThrow(/expects 3/);
    expect(fd([1, 2, 5, 5])).toThrow(/does not fit/);
  });
});
