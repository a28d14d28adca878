import { describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { groupNorm } from '../../../../src/engine/ops/norm';
import { sum } from '../../../../src/engine/ops/reduce';
import { Adam } from '../../../../src/engine/optim/adam';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkParity, getTestBackend } from '../parity';

describe('norm family: GroupNorm WGSL vs float64 reference', () => {
  it.each([
    ['batch 3, 5 channels, 5 groups, 7x9 (hw not a multiple of 4)', [3, 5, 7, 9], 5],
    ['batch 3, 8 channels, 2 groups, 4x8 (hw a multiple of 4)', [3, 8, 4, 8], 2],
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
    ['relu, odd maps', [3, 8, 7, 9], 'relu'],
    ['leaky_relu, 4x8 maps', [3, 8, 4, 8], 'leaky_relu'],
  ] as Array<[string, number[], 'relu' | 'leaky_relu']>)('fused %s', async (_name, shape, activation) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape: [8], low: 0.5, high: 1.5 }, { shape: [8] }],
      forward: ([x, gamma, beta]) => groupNorm(x, gamma, beta, 2, { activation }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('fused leaky_relu with slope 0 (the relu case of the derivative read from the output)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [2, 8, 3, 5] }, { shape: [8], low: 0.5, high: 1.5 }, { shape: [8] }],
      forward: ([x, gamma, beta]) => groupNorm(x, gamma, beta, 4, { activation: 'leaky_relu', slope: 0 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('one dispatch forward, two backward with the activation, and gamma/beta gradients written into their slots', async () => {
    const gpu = await getTestBackend();
    const random = new Random(5);
    const x = gpu.fromArray(random.uniformArray(2 * 8 * 4 * 4, -1, 1), [2, 8, 4, 4]);
    const gamma = gpu.fromArray(random.uniformArray(8, 0.5, 1.5), [8]);
    const beta = gpu.fromArray(random.uniformArray(8, -1, 1), [8]);
    gamma.requiresGrad = true;
    beta.requiresGrad = true;
    const adam = new Adam([gamma, beta]); // packs them: their gradients get slots
    const tape = new Tape();
    let before = gpu.dispatchCount;
    const y = tape.run(() => groupNorm(x, gamma, beta, 2, { activation: 'leaky_relu' }));
    expect(gpu.dispatchCount - before).toBe(1);
    const seed = gpu.fromArray(random.uniformArray(y.size, -1, 1), y.shape);
    before = gpu.dispatchCount;
    tape.backward(y, seed);
    // The seed's clone, then the row pass and the parameter gradients; no copy into the slots.
    expect(gpu.dispatchCount - before).toBe(3);
    expect(gamma.gradSlot?.holds(gamma.grad as Tensor)).toBe(true);
    expect(beta.gradSlot?.holds(beta.grad as Tensor)).toBe(true);
    const total = await tape.run(() => sum(gamma.grad as Tensor)).read();
    expect(Number.isFinite(total[0])).toBe(true);
    adam.zeroGrad();
    tape.free();
    adam.dispose();
    for (const t of [x, gamma, beta, seed]) t.release();
  });
});
