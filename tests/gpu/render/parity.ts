/**
 * Runs one renderer computation on the cpu (float64 reference) and webgpu (WGSL) backends with the same inputs,
 * forward and backward through the engine's tape, and compares the results.
 */
import { Tape } from '../../../src/engine/autograd/tape';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import type { Tensor } from '../../../src/engine/tensor';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { compareArrays, maxAbs, type Tolerance } from '../../tolerance';
import { getTestDevice } from '../harness';

export interface InputSpec {
  data: ArrayLike<number>;
  shape: number[];
  /** Compute and compare the gradient of this input. */
  grad?: boolean;
}

export interface BackendRun {
  outputs: Float64Array[];
  grads: Record<string, Float64Array>;
}

let gpu: WebGpuBackend | undefined;

export async function gpuBackend(): Promise<WebGpuBackend> {
  gpu ??= new WebGpuBackend((await getTestDevice()).device);
  return gpu;
}

/**
 * Evaluates fn on one backend. The first output is back-propagated with `seed` (same shape) when given; the
 * gradients of the inputs marked grad are returned.
 */
export async function runOn(
  backend: Backend,
  inputs: Record<string, InputSpec>,
  fn: (t: Record<string, Tensor>) => Tensor[],
  seed?: ArrayLike<number>,
): Promise<BackendRun> {
  const inUseBefore = backend instanceof WebGpuBackend ? backend.pool.stats().inUseBuffers : 0;
  const liveBefore = backend instanceof CpuBackend ? backend.liveTensors : 0;
  const tape = new Tape();
  const tensors: Record<string, Tensor> = {};
  const outs = tape.run(() => {
    for (const [name, spec] of Object.entries(inputs)) {
      const t = backend.fromArray(spec.data, spec.shape);
      t.requiresGrad = !!spec.grad;
      tensors[name] = t;
    }
    return fn(tensors);
  });
  const outputs = await Promise.all(outs.map((t) => t.read()));
  const grads: Record<string, Float64Array> = {};
  if (seed) {
    const s = backend.fromArray(seed, [...outs[0].shape]);
    tape.backward(outs[0], s);
    s.release();
    for (const [name, spec] of Object.entries(inputs)) {
      if (!spec.grad) continue;
      const g = tensors[name].grad;
      if (!g) throw new Error(`no gradient reached input ${name}`);
      grads[name] = await g.read();
      g.release();
    }
  }
  tape.free();
  // Every tensor of the run (inputs, outputs, intermediates, rasterizer state, gradients) must be released.
  const leaked =
    backend instanceof WebGpuBackend
      ? backend.pool.stats().inUseBuffers - inUseBefore
      : backend instanceof CpuBackend
        ? backend.liveTensors - liveBefore
        : 0;
  if (leaked !== 0) throw new Error(`${leaked} ${backend.kind} tensors still in use after the tape was freed`);
  return { outputs, grads };
}

export async function runBoth(
  inputs: Record<string, InputSpec>,
  fn: (t: Record<string, Tensor>) => Tensor[],
  seed?: ArrayLike<number>,
): Promise<{ cpu: BackendRun; gpu: BackendRun }> {
  const cpu = await runOn(new CpuBackend(), inputs, fn, seed);
  const gpuRun = await runOn(await gpuBackend(), inputs, fn, seed);
  return { cpu, gpu: gpuRun };
}

/**
 * Collects comparison failures of one case (tests/tolerance.ts's report lines): |gpu - cpu| <= atol + rtol |cpu|,
 * defaults atol 1e-4, rtol 1e-3; allowedMismatches for rasterizer samples whose winning triangle flips between fp32
 * and fp64. (No vitest import, so the same cases also run under plain Node: see runStandalone.ts.)
 */
export class Checks {
  readonly failures: string[] = [];
  close(name: string, gpuValues: ArrayLike<number>, cpuValues: ArrayLike<number>, tol: Tolerance = {}): void {
    const { atol = 1e-4, rtol = 1e-3, allowedMismatches = 0 } = tol;
    const c = compareArrays(gpuValues, cpuValues, { atol, rtol, allowedMismatches }, name);
    if (!c.ok) this.failures.push(c.report);
  }
  /** Gradient comparison with atol relative to the gradient's magnitude (sums over many pixels). */
  grad(name: string, gpuValues: ArrayLike<number>, cpuValues: ArrayLike<number>, tol: Tolerance = {}): void {
    this.close(name, gpuValues, cpuValues, { ...tol, atol: (tol.atol ?? 1e-4) * Math.max(1e-12, maxAbs(cpuValues)) });
  }
  that(name: string, ok: boolean): void {
    if (!ok) this.failures.push(name);
  }
}
