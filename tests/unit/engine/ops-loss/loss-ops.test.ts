import { describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { maskedL1, maskedL1Groups, mse, smoothness } from '../../../../src/engine/ops/loss';
import type { Tensor } from '../../../../src/engine/tensor';
import { checkGradients } from '../fd';

describe('loss ops on the float64 engine (autograd wiring vs finite differences)', () => {
  it('masked L1 for a, b and the mask', () => {
    const r = checkGradients({
      inputs: [{ shape: [2, 3, 2, 3] }, { shape: [2, 3, 2, 3] }, { shape: [2, 1, 2, 3], low: 0.1, high: 1 }],
      forward: ([a, b, m]) => maskedL1(a, b, m),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('grouped masked L1 for a, b and the mask (mask channels 1 and C)', () => {
    for (const maskChannels of [1, 3]) {
      const r = checkGradients({
        inputs: [
          { shape: [5, 3, 2, 3] },
          { shape: [5, 3, 2, 3] },
          { shape: [5, maskChannels, 2, 3], low: 0.1, high: 1 },
        ],
        forward: ([a, b, m]) => maskedL1Groups(a, b, m, [2, 1, 2]),
      });
      expect(r.ok, r.report).toBe(true);
    }
  });

  it('MSE and smoothness', () => {
    const r1 = checkGradients({ inputs: [{ shape: [2, 5] }, { shape: [2, 5] }], forward: ([a, b]) => mse(a, b) });
    expect(r1.ok, r1.report).toBe(true);
    const r2 = checkGradients({ inputs: [{ shape: [2, 1, 4, 5] }], forward: ([x]) => smoothness(x) });
    expect(r2.ok, r2.report).toBe(true);
  });

  it('returns a scalar of shape [] and leaves no tensor behind after the tape is freed', () => {
    const backend = new CpuBackend();
    const a = backend.fromArray([1, 2, 3, 4], [1, 1, 2, 2]);
    const b = backend.zeros([1, 1, 2, 2]);
    const m = backend.fromArray([1, 0, 1, 1], [1, 1, 2, 2]);
    a.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => maskedL1(a, b, m));
    expect(loss.shape).toEqual([]);
    expect(backend.data(loss)[0]).toBeCloseTo(8 / 3, 12);
    tape.backward(loss);
    tape.free();
    a.grad?.release();
    for (const t of [a, b, m]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('rejects a mask that does not broadcast and maps below 3x3', () => {
    const backend = new CpuBackend();
    const x = backend.zeros([1, 2, 2, 2]);
    expect(() => maskedL1(x, backend.zeros([1, 2, 2, 2]), backend.zeros([1, 2, 1, 2]))).toThrow(/does not broadcast/);
    expect(() => smoothness(x)).toThrow(/at least 3x3/);
    expect(() => maskedL1Groups(x, x, backend.zeros([1, 1, 2, 2]), [2])).toThrow(
      'groups [2] of [1, 2, 2, 2]: the groups sum to 2, not to the 1 samples',
    );
  });

  it('grouped masked L1 returns [G] and frees everything with the tape', () => {
    const backend = new CpuBackend();
    const a = backend.fromArray([1, 2, 3, 4], [2, 1, 1, 2]);
    const b = backend.zeros([2, 1, 1, 2]);
    const m = backend.fromArray([1, 0, 1, 1], [2, 1, 1, 2]);
    a.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => maskedL1Groups(a, b, m, [1, 1]));
    expect(loss.shape).toEqual([2]);
    expect(Array.from(backend.data(loss))).toEqual([1, 3.5]);
    const seed = backend.fromArray([1, 2], [2]);
    tape.backward(loss, seed);
    expect(Array.from(backend.data(a.grad as Tensor))).toEqual([1, 0, 1, 1]);
    tape.free();
    a.grad?.release();
    for (const t of [a, b, m, seed]) t.release();
    expect(backend.liveTensors).toBe(0);
  });
});
