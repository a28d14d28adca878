/**
 * The generator's own op families (modconv demodulation, fused styled-conv activation, latent pixel norm) on the
 * float64 cpu backend: hand-computed values, finite-difference gradients, and typed errors for bad shapes.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { demodulationCoefficients } from '../../../../src/gan/engine/ops/modconvDemod';
import { modulate } from '../../../../src/gan/engine/ops/modconvModulate';
import { pixelNorm } from '../../../../src/gan/engine/ops/stylePixelNorm';
import { synthActivate } from '../../../../src/gan/engine/ops/synthActivate';
import { checkGradients } from '../../engine/fd';

const ACT = { slope: 0.2, gain: Math.SQRT2 };

describe('demodulationCoefficients', () => {
  it('is rsqrt(sum_i s_i^2 E[o,i] + eps)', async () => {
    const b = new CpuBackend();
    const s = b.fromArray([1, 2], [1, 2]);
    const e = b.fromArray([1, 1, 0.5, 2], [2, 2]);
    const d = demodulationCoefficients(s, e, 1e-8);
    expect(d.shape).toEqual([1, 2]);
    const v = await d.read();
    expect(v[0]).toBeCloseTo(1 / Math.sqrt(5 + 1e-8), 12);
    expect(v[1]).toBeCloseTo(1 / Math.sqrt(8.5 + 1e-8), 12);
  });

  it('matches finite differences w.r.t. the style; the energy gets no gradient', () => {
    const r = checkGradients({
      inputs: [{ shape: [3, 5] }, { shape: [4, 5], requiresGrad: false, low: 0.1, high: 1 }],
      forward: ([s, e]) => demodulationCoefficients(s, e, 1e-8),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(15);
  });

  it('refuses mismatched channels and a trainable energy', () => {
    const b = new CpuBackend();
    expect(() => demodulationCoefficients(b.zeros([1, 3]), b.zeros([2, 4]), 1e-8)).toThrow(/\[1, 3\].*\[2, 4\]/);
    const e = b.zeros([2, 3]);
    e.requiresGrad = true;
    expect(() => demodulationCoefficients(b.zeros([1, 3]), e, 1e-8)).toThrow(/frozen/);
  });
});

describe('synthActivate', () => {
  it('is gain * leaky_relu(x d + nw noise + b)', async () => {
    const b = new CpuBackend();
    const y = synthActivate(
      b.fromArray([1, -2], [1, 1, 1, 2]),
      b.fromArray([2], [1, 1]),
      b.fromArray([0.5, -1], [1, 1, 1, 2]),
      b.fromArray([2], [1]),
      b.fromArray([0.1], [1]),
      ACT,
    );
    const v = await y.read();
    expect(v[0]).toBeCloseTo(3.1 * Math.SQRT2, 12);
    expect(v[1]).toBeCloseTo(-5.9 * 0.2 * Math.SQRT2, 12);
  });

  it('matches finite differences w.r.t. x and d; noise, its weight and the bias stay frozen', () => {
    const r = checkGradients({
      inputs: [
        { shape: [2, 3, 3, 4] },
        { shape: [2, 3], low: 0.2, high: 1.5 },
        { shape: [1, 1, 3, 4], requiresGrad: false },
        { shape: [1], requiresGrad: false },
        { shape: [3], requiresGrad: false },
      ],
      forward: ([x, d, noise, nw, bias]) => synthActivate(x, d, noise, nw, bias, ACT),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(72 + 6);
  });

  it('names the offending input for bad shapes and trainable frozen inputs', () => {
    const b = new CpuBackend();
    const x = b.zeros([1, 2, 3, 3]);
    expect(() => synthActivate(x, b.zeros([1, 3]), b.zeros([9]), b.zeros([1]), b.zeros([2]), ACT)).toThrow(
      /demodulation \[1, 3\]/,
    );
    expect(() => synthActivate(x, b.zeros([1, 2]), b.zeros([8]), b.zeros([1]), b.zeros([2]), ACT)).toThrow(/noise/);
    const bias = b.zeros([2]);
    bias.requiresGrad = true;
    expect(() => synthActivate(x, b.zeros([1, 2]), b.zeros([9]), b.zeros([1]), bias, ACT)).toThrow(/bias.*frozen/);
  });
});

describe('pixelNorm', () => {
  it('divides each row by its root mean square', async () => {
    const b = new CpuBackend();
    const v = await pixelNorm(b.fromArray([3, 4, 0, 2], [2, 2]), 1e-8).read();
    const r = 1 / Math.sqrt(12.5 + 1e-8);
    expect([...v].map((x) => Number(x.toFixed(12)))).toEqual(
      [3 * r, 4 * r, 0, 2 / Math.sqrt(2 + 1e-8)].map((x) => Number(x.toFixed(12))),
    );
  });

  it('matches finite differences', () => {
    const r = checkGradients({ inputs: [{ shape: [3, 7] }], forward: ([x]) => pixelNorm(x, 1e-8) });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('modulate', () => {
  it('scales each (sample, channel) plane by its style', async () => {
    const b = new CpuBackend();
    const v = await modulate(
      b.fromArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]),
      b.fromArray([2, -1, 0.5, 3], [2, 2]),
    ).read();
    expect([...v]).toEqual([2, 4, -3, -4, 2.5, 3, 21, 24]);
  });

  it('matches finite differences w.r.t. x and the style', () => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3, 4, 5] }, { shape: [2, 3] }],
      forward: ([x, s]) => modulate(x, s),
    });
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(120 + 6);
  });

  it('refuses a style that does not match x', () => {
    const b = new CpuBackend();
    expect(() => modulate(b.zeros([2, 3, 4, 4]), b.zeros([2, 4]))).toThrow(/style \[2, 4\] is not \[2, 3\]/);
  });
});
