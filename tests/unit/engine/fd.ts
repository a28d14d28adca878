/**
 * Finite-difference gradient check on the float64 cpu backend (the reference engine), shared by every op's unit
 * test. It checks the reference backward functions AND the op's autograd wiring: analytic gradients come from
 * tape.backward(y, G) with a random upstream gradient G; numeric ones from central differences of sum(G * y).
 */

import { noGrad } from '../../../src/engine/autograd/grad-mode';
import { Tape } from '../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Random } from '../../../src/engine/random';
import { type Shape, sizeOf } from '../../../src/engine/shape';
import type { Tensor } from '../../../src/engine/tensor';
import { compareArrays } from '../../tolerance';

export interface FdInput {
  shape: Shape;
  /** Default true. False checks that gradients flow past a frozen input (it must get none). */
  requiresGrad?: boolean;
  /** Explicit values (else uniform in [low, high], default [-1, 1]). Keep inputs away from kinks (relu at 0). */
  data?: ArrayLike<number>;
  low?: number;
  high?: number;
}

export interface FdSpec {
  inputs: FdInput[];
  forward: (inputs: Tensor[]) => Tensor;
  seed?: number;
  eps?: number;
  rtol?: number;
  atol?: number;
}

export interface FdReport {
  ok: boolean;
  maxAbsError: number;
  checked: number;
  /** One tests/tolerance.ts report line per input that fails (or what went wrong with its gradient). */
  report: string;
}

export function checkGradients(spec: FdSpec): FdReport {
  const backend = new CpuBackend();
  const random = new Random(spec.seed ?? 1234);
  const eps = spec.eps ?? 1e-6;
  const rtol = spec.rtol ?? 1e-6;
  const atol = spec.atol ?? 1e-8;
  const inputs = spec.inputs.map((input) => {
    const data = input.data ?? random.uniformArray(sizeOf(input.shape), input.low ?? -1, input.high ?? 1);
    const t = backend.fromArray(data, input.shape);
    t.requiresGrad = input.requiresGrad ?? true;
    return t;
  });

  const tape = new Tape();
  const y = tape.run(() => spec.forward(inputs));
  const upstream = backend.fromArray(random.uniformArray(y.size, -1, 1), y.shape);
  const g = backend.data(upstream);
  tape.backward(y, upstream);
  tape.free();

  const objective = (): number =>
    noGrad(() => {
      const out = spec.forward(inputs);
      const o = backend.data(out);
      let s = 0;
      for (let i = 0; i < o.length; i++) s += o[i] * g[i];
      out.release();
      return s;
    });

  let maxAbsError = 0;
  let checked = 0;
  const failures: string[] = [];
  inputs.forEach((input, index) => {
    const wanted = spec.inputs[index].requiresGrad ?? true;
    if (!wanted) {
      if (input.grad) failures.push(`input ${index} is frozen but received a gradient`);
      return;
    }
    if (!input.grad) {
      failures.push(`input ${index} received no gradient`);
      return;
    }
    const analytic = backend.data(input.grad);
    const x = backend.data(input);
    const numeric = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const saved = x[i];
      x[i] = saved + eps;
      const plus = objective();
      x[i] = saved - eps;
      const minus = objective();
      x[i] = saved;
      numeric[i] = (plus - minus) / (2 * eps);
    }
    // |analytic - numeric| <= atol + rtol |numeric|
    const c = compareArrays(analytic, numeric, { atol, rtol }, `input ${index} gradient`);
    maxAbsError = Math.max(maxAbsError, c.maxAbs);
    checked += x.length;
    if (!c.ok) failures.push(c.report);
  });
  for (const t of inputs) {
    t.grad?.release();
    t.release();
  }
  upstream.release();
  y.released || y.release();
  return { ok: failures.length === 0, maxAbsError, checked, report: failures.join('\n') || 'all gradients match' };
}
