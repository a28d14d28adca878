import { describe, expect, it } from 'vitest';
import { groupNorm } from '../../../../src/engine/ops/norm';
import { checkParity } from '../parity';

describe('norm family: GroupNorm WGSL vs float64 reference', () => {
  it.each([
    ['batch 3, 5 channels, 5 groups, 7x9 (scalar path)', [3, 5, 7, 9], 5],
    ['batch 3, 8 channels, 2 groups, 4x8 (vec4 path)', [3, 8, 4, 8], 2],
    ['one group, 6 channels, 5x5', [2, 6, 5, 5], 1],
    ['C/4 groups with 4x4 maps (decoder bottleneck)', [3, 16, 4, 4], 4],
    ['large groups through the 256-thread rows: 4 channels of 32x32', [2, 8, 32, 32], 2],
  ] as Array<[string, number[], number]>)('%s', async (_name, shape, groups) => {
    const c = shape[1];
    const r = await checkParity({
      // An offset and scale on x make the centred variance matter (no E[x^2] - E[x]^2 cancellation allowed).
      inputs: [{ shape, low: 2, high: 5 }, { shape: [c], low: 0.5, high: 1.5 }, { shape: [c] }],
      forward: ([x, gamma, beta]) => groupNorm(x, gamma, beta, groups),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('frozen affine parameters: the input still gets its gradient', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 8, 7, 9] }, { shape: [8], requiresGrad: false }, { shape: [8], requiresGrad: false }],
      forward: ([x, gamma, beta]) => groupNorm(x, gamma, beta, 2),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([
    ['relu, scalar path', [3, 8, 7, 9], 'relu'],
    ['leaky_relu, vec4 path', [3, 8, 4, 8], 'leaky_relu'],
  ] as Array<[string, number[], 'relu' | 'leaky_relu']>)('fused %s', async (_name, shape, activation) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape: [8], low: 0.5, high: 1.5 }, { shape: [8] }],
      forward: ([x, gamma, beta]) => groupNorm(x, gamma, beta, 2, { activation }),
    });
    expect(r.ok, r.report).toBe(true);
  });
});
