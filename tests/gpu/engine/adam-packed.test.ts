/**
 * Multi-tensor Adam (src/engine/optim/packedAdam.ts) against the float64 reference, which updates each parameter
 * on its own: parameters of mixed, odd shapes trained through the tape (conv and linear gradients written straight
 * into their slots, an elementwise product's copied there), a parameter that never gets a gradient, one that
 * skips a step (its step count lags, as in PyTorch), a reset in the middle, and the dispatch count of a step.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Conv2d, Linear } from '../../../src/engine/nn/layers';
import { conv2d } from '../../../src/engine/ops/conv';
import { add, mul } from '../../../src/engine/ops/elementwise';
import { mse } from '../../../src/engine/ops/loss';
import { linear } from '../../../src/engine/ops/matmul';
import { Adam, METHOD_ADAM } from '../../../src/engine/optim/adam';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { compareArrays } from '../../tolerance';
import { getTestBackend } from './parity';

const STEPS = 6;
/** The step at which `scale` is left out of the loss (no gradient: skipped, its step count lags). */
const SKIP_SCALE_AT = 2;
/** Reset before this step. */
const RESET_AT = 4;

interface Run {
  values: Float64Array[];
  stepCounts: number[];
  /** webgpu: adam.step dispatches of each step. */
  adamDispatches: number[];
  /** webgpu: at the first step, whether each parameter's gradient was in its slot. */
  gradsInSlots: boolean[];
}

async function train(backend: Backend): Promise<Run> {
  const random = new Random(11);
  const conv = new Conv2d(backend, random, 3, 5, 3, { padding: 1 }); // weight 135 values, bias 5
  const lin = new Linear(backend, random, 7, 3); // weight 21, bias 3
  const unused = backend.fromArray(random.uniformArray(18, -1, 1), [2, 9]);
  unused.requiresGrad = true;
  const scale = backend.fromArray(random.uniformArray(13, 0.5, 1.5), [13]);
  scale.requiresGrad = true;
  const params = [conv.weight, conv.bias as Tensor, unused, lin.weight, lin.bias as Tensor, scale];
  const adam = new Adam(params, { ...METHOD_ADAM, lr: 2e-2, weightDecay: 1e-2 });
  const x = backend.fromArray(random.uniformArray(2 * 3 * 5 * 7, -1, 1), [2, 3, 5, 7]);
  const target = backend.fromArray(random.uniformArray(2 * 5 * 5 * 7, -1, 1), [2, 5, 5, 7]);
  const rows = backend.fromArray(random.uniformArray(4 * 7, -1, 1), [4, 7]);
  const rowsTarget = backend.fromArray(random.uniformArray(4 * 3, -1, 1), [4, 3]);
  const other = backend.fromArray(random.uniformArray(13, -1, 1), [13]);
  const otherTarget = backend.fromArray(random.uniformArray(13, -1, 1), [13]);
  const run: Run = { values: [], stepCounts: [], adamDispatches: [], gradsInSlots: [] };
  for (let s = 0; s < STEPS; s++) {
    if (s === RESET_AT) adam.reset();
    const tape = new Tape();
    const loss = tape.run(() => {
      const y = conv2d(x, conv.weight, conv.bias, { padding: 1 });
      const terms = [mse(y, target), mse(linear(rows, lin.weight, lin.bias), rowsTarget)];
      if (s !== SKIP_SCALE_AT) terms.push(mse(mul(scale, other), otherTarget));
      return terms.reduce((a, b) => add(a, b));
    });
    tape.backward(loss);
    if (s === 0 && backend instanceof WebGpuBackend)
      run.gradsInSlots = params.map((p) => (p.grad && p.gradSlot ? p.gradSlot.holds(p.grad) : false));
    const before = backend instanceof WebGpuBackend ? backend.dispatchCount : 0;
    adam.step();
    if (backend instanceof WebGpuBackend) run.adamDispatches.push(backend.dispatchCount - before);
    adam.zeroGrad();
    tape.free();
    backend.flush();
  }
  run.values = await backend.readAll(params);
  run.stepCounts = params.map((p) => adam.stepCount(p));
  adam.dispose();
  // The parameters outlive the optimizer that packed them.
  const after = await backend.readAll(params);
  after.forEach((v, i) => {
    expect(Array.from(v)).toEqual(Array.from(run.values[i]));
  });
  conv.release();
  lin.release();
  for (const t of [unused, scale, x, target, rows, rowsTarget, other, otherTarget]) t.release();
  return run;
}

describe('Adam over packed parameters (webgpu) vs per-tensor float64 Adam', () => {
  it('matches over several steps with odd shapes, a parameter without gradient, a skipped step and a reset', async () => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const ref = await train(new CpuBackend());
    const got = await train(gpu);
    // Adam divides by sqrt(v): where a gradient is near zero its float32 noise moves the update by up to a few
    // tenths of a percent of lr (2e-2); a wrong update (a skipped parameter, a stale moment) is off by ~lr.
    got.values.forEach((v, i) => {
      const r = compareArrays(v, ref.values[i], { atol: 2e-4, rtol: 1e-4 });
      expect(r.ok, `parameter ${i}: ${r.report}`).toBe(true);
    });
    // The unused parameter never moved (no weight decay without a gradient), as in PyTorch.
    expect(got.stepCounts).toEqual(ref.stepCounts);
    // Reset at step 4: two steps since; scale skipped step 2, before the reset: also two.
    expect(ref.stepCounts).toEqual([2, 2, 0, 2, 2, 2]);
    // conv and linear write their gradients into the slots; mul's is copied there by the tape.
    expect(got.gradsInSlots).toEqual([true, true, false, true, true, true]);
    // Runs of consecutive parameters with a gradient and the same step count: [conv w, b] and [lin w, b, scale];
    // at the skipped step [lin w, b] only; after it scale lags by one until the reset.
    expect(got.adamDispatches).toEqual([2, 2, 2, 3, 2, 2]);
    // Every packed buffer went back to the pool with the last parameter.
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });

  it('a single parameter, or the float64 backend, keep per-tensor updates', async () => {
    const gpu = await getTestBackend();
    const p = gpu.fromArray([1, 2, 3], [3]);
    const adam = new Adam([p]);
    p.grad = gpu.fromArray([0.5, -0.5, 1], [3]);
    adam.step();
    expect(p.gradSlot).toBeNull();
    expect(adam.stepCount(p)).toBe(1);
    adam.zeroGrad();
    adam.dispose();
    p.release();
  });

  it('a gradient set by hand (outside its slot) is still applied, on its own dispatch', async () => {
    const gpu = await getTestBackend();
    const cpu = new CpuBackend();
    const results = await Promise.all(
      [gpu, cpu].map(async (backend: Backend) => {
        const a = backend.fromArray([1, -2, 3], [3]);
        const b = backend.fromArray([0.25, 4], [2, 1]);
        const adam = new Adam([a, b], { ...METHOD_ADAM, lr: 0.1 });
        a.grad = backend.fromArray([0.5, -0.5, 1], [3]);
        b.grad = backend.fromArray([-1, 2], [2, 1]);
        adam.step();
        adam.zeroGrad();
        const values = await backend.readAll([a, b]);
        adam.dispose();
        a.release();
        b.release();
        return values;
      }),
    );
    results[0].forEach((v, i) => {
      const r = compareArrays(v, results[1][i], { atol: 1e-6, rtol: 1e-5 });
      expect(r.ok, r.report).toBe(true);
    });
  });
});
