import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Adam } from '../../../src/engine/optim/adam';
import { adamStep } from '../../../src/engine/reference/adam';

// Expected values printed by torch.optim.Adam (Debian python3-torch 1.13.1, float64) for the same parameter,
// hyper-parameters and gradient sequence.
const TORCH_TRAJECTORY = [
  [0.40000000307692296, -0.9000000039999998, 1.900000009900989],
  [0.3527328903719003, -0.9222835170686845, 1.8002063574691496],
  [0.2842887479224101, -0.9650406510862599, 1.8360285722933154],
];
const GRADS = [
  [0.3, -0.2, 1e-3],
  [-0.1, 0.4, 0.0],
  [0.25, 0.25, -0.5],
];
const HYPER = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 };

describe('Adam (PyTorch semantics, coupled weight decay)', () => {
  it('reference matches torch.optim.Adam over three steps', () => {
    const p = Float64Array.from([0.5, -1, 2]);
    const m = new Float64Array(3);
    const v = new Float64Array(3);
    GRADS.forEach((g, i) => {
      adamStep(p, Float64Array.from(g), m, v, HYPER, i + 1);
      TORCH_TRAJECTORY[i].forEach((want, j) => {
        expect(p[j]).toBeCloseTo(want, 12);
      });
    });
  });

  it('the optimizer class steps, skips parameters without gradient, and resets its state', () => {
    const backend = new CpuBackend();
    const p = backend.fromArray([0.5, -1, 2], [3]);
    const idle = backend.fromArray([1], [1]);
    const adam = new Adam([p, idle], HYPER);
    for (const g of GRADS) {
      p.grad = backend.fromArray(g, [3]);
      adam.step();
      adam.zeroGrad();
    }
    TORCH_TRAJECTORY[2].forEach((want, j) => {
      expect(backend.data(p)[j]).toBeCloseTo(want, 12);
    });
    expect(backend.data(idle)[0]).toBe(1);
    expect(adam.stepCount(p)).toBe(3);
    adam.reset();
    expect(adam.stepCount(p)).toBe(0);
    p.grad = backend.fromArray(GRADS[0], [3]);
    adam.step(); // after reset, the first step again moves by about lr
    expect(backend.data(p)[0]).toBeCloseTo(TORCH_TRAJECTORY[2][0] - 0.1, 2);
    adam.zeroGrad();
    adam.dispose();
    p.release();
    idle.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('rejects invalid hyper-parameters', () => {
    expect(() => new Adam([], { beta1: 1 })).toThrow(/Invalid Adam/);
  });
});
