import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { Random } from '../../../../src/engine/random';
import { fusedLeakyRelu } from '../../../../src/gan/engine/fusedLeakyRelu';
import { checkGradients } from '../../engine/fd';

/** Values at least 0.05 away from the kink once the bias is added (FD steps of 1e-6 must not cross it). */
function awayFromKink(size: number, seed: number): number[] {
  const r = new Random(seed);
  return Array.from(r.uniformArray(size, 0.05, 1), (v, i) => (i % 3 === 0 ? -v : v));
}

describe('fusedLeakyRelu (float64)', () => {
  it('is leaky_relu(x + bias[c], 0.2) * sqrt(2) per channel, left derivative 0.2 at 0', () => {
    const backend = new CpuBackend();
    const x = backend.fromArray([1, -1, 0.5, -2, 0, 3, -0.25, 0.75], [2, 2, 2]);
    const bias = backend.fromArray([0.5, -1], [2]);
    const y = backend.data(fusedLeakyRelu(x, bias));
    const pre = [1.5, -0.5, -0.5, -3, 0.5, 3.5, -1.25, -0.25];
    pre.forEach((v, i) => {
      expect(y[i]).toBeCloseTo((v > 0 ? v : 0.2 * v) * Math.SQRT2, 14);
    });
    const noBias = backend.data(fusedLeakyRelu(x, null, 0.1, 2));
    expect(Array.from(noBias)).toEqual([2, -0.2, 1, -0.4, 0, 6, -0.05, 1.5]);
  });

  it('refuses a bias that does not match the channels', () => {
    const backend = new CpuBackend();
    expect(() => fusedLeakyRelu(backend.zeros([2, 3, 4]), backend.zeros([4]))).toThrow(
      /bias \[4\] does not match the 3 channels/,
    );
    expect(() => fusedLeakyRelu(backend.zeros([5]), null)).toThrow(/\[N, C, \.\.\.\], got \[5\]/);
  });

  it.each([
    ['NCHW with bias', [2, 3, 4, 5], true],
    ['NCHW, inner % 4 != 0, with bias', [3, 2, 3, 3], true],
    ['[N, C] (linear) with bias', [4, 6], true],
    ['NCHW without bias', [2, 3, 2, 3], false],
  ] as const)('gradients match finite differences: %s', (_name, shape, withBias) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const r = checkGradients({
      inputs: withBias
        ? [
            { shape: [...shape], data: awayFromKink(size, 1).map((v) => v + 0.1) },
            { shape: [shape[1]], data: new Array(shape[1]).fill(-0.1) },
          ]
        : [{ shape: [...shape], data: awayFromKink(size, 2) }],
      forward: ([x, b]) => fusedLeakyRelu(x, withBias ? b : null),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('a frozen bias gets no gradient while x does', () => {
    const r = checkGradients({
      inputs: [
        { shape: [2, 3, 4, 4], data: awayFromKink(96, 3) },
        { shape: [3], data: [0, 0, 0], requiresGrad: false },
      ],
      forward: ([x, b]) => fusedLeakyRelu(x, b, 0.2, Math.SQRT2),
    });
    expect(r.ok, r.report).toBe(true);
  });
});
