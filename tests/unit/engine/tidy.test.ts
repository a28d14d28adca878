/**
 * tidy(fn): a no-grad scope that frees what fn creates except what it returns (tensors in nested arrays / plain
 * objects), hands the results to the enclosing tape if any, and leaves tensors from outside alone.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { tidy } from '../../../src/engine/autograd/tidy';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { add, mul } from '../../../src/engine/ops/elementwise';
import { sum } from '../../../src/engine/ops/reduce';
import type { Tensor } from '../../../src/engine/tensor';

function setup() {
  const backend = new CpuBackend();
  const x = backend.fromArray([1, 2, 3, 4], [2, 2]);
  return { backend, x };
}

describe('tidy', () => {
  it('frees every intermediate and returns the result alive and caller-owned', () => {
    const { backend, x } = setup();
    const made: Tensor[] = [];
    const y = tidy(() => {
      const a = mul(x, x);
      const b = add(a, x);
      made.push(a, b);
      return sum(b);
    });
    expect(made.every((t) => t.released)).toBe(true);
    expect(y.released).toBe(false);
    expect(y.owner).toBeNull();
    expect([...backend.data(y)]).toEqual([1 + 1 + 4 + 2 + 9 + 3 + 16 + 4]);
    expect(backend.liveTensors).toBe(2); // x and y
    y.release();
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('keeps every tensor in nested arrays and plain objects, and only those', () => {
    const { backend, x } = setup();
    const made: Tensor[] = [];
    const out = tidy(() => {
      const t = (v: Tensor) => {
        made.push(v);
        return v;
      };
      const a = t(add(x, x));
      const b = t(mul(x, x));
      const c = t(mul(a, b));
      t(add(c, c)); // dropped
      return { a, list: [b, { deep: [c] }], again: a, label: 'not a tensor', n: 3 };
    });
    const deep = out.list[1] as { deep: Tensor[] };
    expect(out.a).toBe(made[0]);
    expect(out.list[0]).toBe(made[1]);
    expect(deep.deep[0]).toBe(made[2]);
    expect(made.slice(0, 3).map((t) => t.released)).toEqual([false, false, false]);
    expect(made[3].released).toBe(true);
    expect(out.again).toBe(out.a);
    expect(out.label).toBe('not a tensor');
    expect(backend.liveTensors).toBe(4); // x, a, b, c: a returned twice is kept once
    for (const t of made.slice(0, 3)) t.release();
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('records no gradient inside the scope (no-grad)', () => {
    const { backend, x } = setup();
    x.requiresGrad = true;
    const tape = new Tape();
    const y = tape.run(() => tidy(() => mul(x, x)));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(tape.nodeCount).toBe(0);
    tape.free();
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('hands its results to the enclosing tape, which frees them', () => {
    const { backend, x } = setup();
    const tape = new Tape();
    const made: Tensor[] = [];
    const [y, z] = tape.run(() => {
      const pair = tidy(() => {
        const a = add(x, x);
        made.push(a);
        return [mul(a, x), add(a, a)];
      });
      return pair;
    });
    expect(made[0].released).toBe(true);
    expect(y.owner).toBe(tape);
    expect(z.owner).toBe(tape);
    expect(tape.ownedCount).toBe(2);
    tape.free();
    expect(y.released && z.released).toBe(true);
    expect(x.released).toBe(false);
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('results used later in the enclosing tape still get gradients flowing past them', () => {
    const { backend, x } = setup();
    const w = backend.fromArray([0.5, -1, 2, 3], [2, 2]);
    w.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => {
      const frozen = tidy(() => mul(x, x)); // a constant for the tape
      return sum(mul(frozen, w));
    });
    tape.backward(loss);
    expect([...backend.data(w.grad as Tensor)]).toEqual([1, 4, 9, 16]);
    tape.free();
    w.grad?.release();
    for (const t of [x, w]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('nested scopes: the inner results belong to the outer scope, freed unless returned', () => {
    const { backend, x } = setup();
    const inner: Tensor[] = [];
    const out = tidy(() => {
      const [a, b] = tidy(() => [add(x, x), mul(x, x)]);
      inner.push(a, b);
      return a;
    });
    expect(out).toBe(inner[0]);
    expect(out.released).toBe(false);
    expect(inner[1].released).toBe(true);
    out.release();
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('leaves tensors passed through from outside where they were', () => {
    const { backend, x } = setup();
    // A caller-owned tensor returned as is: still caller-owned, not adopted by the tape around the tidy.
    const tape = new Tape();
    const owned = tape.run(() => add(x, x)); // owned by the tape
    const result = tape.run(() => tidy(() => ({ x, owned, y: mul(x, owned) })));
    expect(result.x).toBe(x);
    expect(x.owner).toBeNull();
    expect(owned.owner).toBe(tape);
    expect(result.y.owner).toBe(tape);
    tape.free();
    expect(x.released).toBe(false);
    expect(owned.released && result.y.released).toBe(true);
    // Without an enclosing owner as well.
    const same = tidy(() => x);
    expect(same).toBe(x);
    expect(x.released).toBe(false);
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('a tensor the scope kept itself stays caller-owned (the tape does not take it)', () => {
    const { backend, x } = setup();
    const tape = new Tape();
    const kept = tape.run(() => tidy(() => add(x, x).keep()));
    expect(kept.owner).toBeNull();
    tape.free();
    expect(kept.released).toBe(false);
    for (const t of [kept, x]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('frees everything and rethrows when fn throws, leaving the owner stack usable', () => {
    const { backend, x } = setup();
    const made: Tensor[] = [];
    expect(() =>
      tidy(() => {
        made.push(add(x, x));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(made[0].released).toBe(true);
    expect(backend.liveTensors).toBe(1);
    const tape = new Tape();
    const y = tape.run(() => add(x, x));
    expect(y.owner).toBe(tape);
    tape.free();
    x.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('does not look inside class instances or Maps: tensors there are freed (return arrays or plain objects)', () => {
    const { backend, x } = setup();
    const out = tidy(() => new Map([['a', add(x, x)]]));
    expect(out.get('a')?.released).toBe(true);
    x.release();
    expect(backend.liveTensors).toBe(0);
  });
});
