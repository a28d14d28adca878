/**
 * Finite differences at a few coordinates, for functions too big for tests/unit/engine/fd.ts (which perturbs every
 * input value): the analytic gradient of sum(G · f(inputs)) from the tape vs central differences, float64.
 */
import { noGrad } from '../../../../src/engine/autograd/grad-mode';
import { Tape } from '../../../../src/engine/autograd/tape';
import type { CpuBackend } from '../../../../src/engine/cpu/backend';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';

export interface ProbeResult {
  checked: number;
  worst: { input: number; index: number; analytic: number; numeric: number; error: number };
}

/** `forward` returns tensors (each weighted by a fixed random G); inputs must have requiresGrad set by the caller. */
export function probeGradients(
  backend: CpuBackend,
  inputs: Tensor[],
  forward: () => Tensor[],
  coordsPerInput: number,
  options: { seed?: number; eps?: number } = {},
): ProbeResult {
  const random = new Random(options.seed ?? 99);
  const eps = options.eps ?? 1e-6;
  const tape = new Tape();
  const outs = tape.run(forward);
  const weights = outs.map((o) => random.uniformArray(o.size, -1, 1));
  outs.forEach((o, i) => {
    const seed = backend.fromArray(weights[i], o.shape);
    tape.backward(o, seed);
    seed.release();
  });
  tape.free();
  const objective = (): number =>
    noGrad(() => {
      const tmp = new Tape();
      const ys = tmp.run(forward);
      let s = 0;
      ys.forEach((y, i) => {
        const v = backend.data(y);
        for (let j = 0; j < v.length; j++) s += v[j] * weights[i][j];
      });
      tmp.free();
      return s;
    });
  const result: ProbeResult = { checked: 0, worst: { input: -1, index: -1, analytic: 0, numeric: 0, error: 0 } };
  inputs.forEach((input, which) => {
    if (!input.requiresGrad) return;
    if (!input.grad) throw new Error(`input ${which} received no gradient`);
    const analytic = backend.data(input.grad);
    const x = backend.data(input);
    for (let c = 0; c < coordsPerInput; c++) {
      const index = Math.floor(random.uniform(0, x.length));
      const saved = x[index];
      x[index] = saved + eps;
      const plus = objective();
      x[index] = saved - eps;
      const minus = objective();
      x[index] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const error = Math.abs(numeric - analytic[index]) / Math.max(1e-3, Math.abs(numeric));
      result.checked++;
      if (error >= result.worst.error)
        result.worst = { input: which, index, analytic: analytic[index], numeric, error };
    }
  });
  for (const t of inputs) {
    t.grad?.release();
    t.grad = null;
  }
  return result;
}
