import { describe, expect, it } from 'vitest';
import { noGrad } from '../../../src/engine/autograd/grad-mode';
import { Tape } from '../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { conv2d } from '../../../src/engine/ops/conv';
import { add, addScalar, mul } from '../../../src/engine/ops/elementwise';
import { matmul } from '../../../src/engine/ops/matmul';
import type { Tensor } from '../../../src/engine/tensor';
import { checkGradients } from './fd';

function setup() {
  const backend = new CpuBackend();
  const a = backend.fromArray([1, 2, 3, 4], [2, 2]);
  const b = backend.fromArray([1, 0, 0, 1], [2, 2]);
  a.requiresGrad = true;
  return { backend, a, b };
}

describe('autograd tape', () => {
  it('an upstream gradient passed through (add) is shared by both inputs, copied only before an accumulation, nothing leaks', () => {
    const backend = new CpuBackend();
    const a = backend.fromArray([1, 2], [2]);
    const b = backend.fromArray([3, 4], [2]);
    a.requiresGrad = true;
    b.requiresGrad = true;
    const tape = new Tape();
    // y = (a + b) + (a + 1) * b + (a + a): add passes its gradient through to both operands (one copy), addScalar
    // to its input, and a appears twice in one add.
    const y = tape.run(() => add(add(add(a, b), mul(addScalar(a, 1), b)), add(a, a)));
    tape.backward(y, backend.fromArray([1, 10], [2]));
    // dy/da = 1 + b + 2, dy/db = 1 + (a + 1), times the seed.
    expect([...backend.data(a.grad as Tensor)]).toEqual([1 + 3 + 2, 10 * (1 + 4 + 2)]);
    expect([...backend.data(b.grad as Tensor)]).toEqual([1 + 2, 10 * (1 + 3)]);
    expect(a.grad).not.toBe(b.grad);
    tape.free();
    for (const t of [a.grad as Tensor, b.grad as Tensor, a, b]) t.release();
    // The seed is the caller's and was released by nobody: the only tensor left.
    expect(backend.liveTensors).toBe(1);
  });

  it('accumulates leaf gradients over backward calls until they are released', () => {
    const { backend, a, b } = setup();
    const seed = backend.fromArray([1, 1, 1, 1], [2, 2]);
    for (let i = 0; i < 2; i++) {
      const tape = new Tape();
      const y = tape.run(() => matmul(a, b));
      tape.backward(y, seed);
      tape.free();
    }
    // dA = seed B^T = ones, twice.
    expect([...backend.data(a.grad!)]).toEqual([2, 2, 2, 2]);
    expect(b.grad).toBeNull();
    for (const t of [a.grad!, a, b, seed]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('frees intermediates and backward temporaries, keeps kept tensors', () => {
    const { backend, a, b } = setup();
    const tape = new Tape();
    const kept = tape.run(() => {
      const y = matmul(matmul(a, b), b);
      return matmul(y, b).keep();
    });
    expect(tape.ownedCount).toBe(2);
    tape.backward(kept, backend.full([2, 2], 1));
    tape.free();
    expect(kept.released).toBe(false);
    expect(kept.requiresGrad).toBe(false);
    for (const t of [kept, a.grad!, a, b]) t.release();
    // The backward seed above was created outside the tape and is the only live tensor.
    expect(backend.liveTensors).toBe(1);
  });

  it('records nothing under noGrad or without a tape, and errors are clear', () => {
    const { a, b } = setup();
    const tape = new Tape();
    const y = tape.run(() => noGrad(() => matmul(a, b)));
    expect(tape.nodeCount).toBe(0);
    expect(() => tape.backward(y)).toThrow(/does not require grad/);
    const loose = matmul(a, b);
    expect(loose.requiresGrad).toBe(false);
    loose.release();
    expect(() => loose.release()).toThrow(/used after release/);
    tape.free();
    expect(() => tape.run(() => 0)).toThrow(/freed/);
  });

  it('a frozen operand gets no gradient while the other still does', () => {
    const { backend, a, b } = setup();
    b.requiresGrad = false;
    const tape = new Tape();
    const y = tape.run(() => matmul(b, a));
    tape.backward(y, backend.full([2, 2], 1));
    expect(b.grad).toBeNull();
    expect([...backend.data(a.grad!)]).toEqual([1, 1, 1, 1]);
    tape.free();
  });

  it('sums the gradients of a tensor used by several ops (a diamond graph)', () => {
    const r = checkGradients({
      inputs: [{ shape: [3, 3] }],
      forward: ([a]) => matmul(matmul(a, a), a),
    });
    expect(r.ok, r.report).toBe(true);
    const shared = checkGradients({
      inputs: [{ shape: [1, 2, 4, 4] }, { shape: [2, 2, 3, 3] }],
      forward: ([x, w]) => conv2d(conv2d(x, w, null, { padding: 1 }), w, null, { padding: 1 }),
    });
    expect(shared.ok, shared.report).toBe(true);
  });
});
