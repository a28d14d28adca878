/**
 * The parity harness every op goes through: run the same op code on the float64 cpu backend and on the webgpu
 * backend (Dawn), with the same seeded inputs and upstream gradient, and compare outputs and input gradients
 * elementwise with |gpu - ref| <= atol + rtol * |ref| (defaults atol 1e-4, rtol 1e-3). It also checks that the
 * op leaks no GPU buffers once the tape is freed.
 */

import { Tape } from '../../../src/engine/autograd/tape';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Random } from '../../../src/engine/random';
import { formatShape, type Shape, sizeOf } from '../../../src/engine/shape';
import type { Tensor } from '../../../src/engine/tensor';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { compareArrays } from '../../tolerance';
import { getTestDevice } from '../harness';

let sharedBackend: Promise<WebGpuBackend> | undefined;

/** One WebGpuBackend on the gpu tests' shared device. */
export function getTestBackend(): Promise<WebGpuBackend> {
  sharedBackend ??= getTestDevice().then((engine) => new WebGpuBackend(engine.device));
  return sharedBackend;
}

export interface ParityInput {
  shape: Shape;
  /** Default true; false makes the input frozen (no gradient compared, but gradients flow past it). */
  requiresGrad?: boolean;
  data?: ArrayLike<number>;
  low?: number;
  high?: number;
}

export interface ParitySpec {
  inputs: ParityInput[];
  forward: (inputs: Tensor[]) => Tensor;
  /** Skip the backward comparison (forward-only ops). */
  forwardOnly?: boolean;
  atol?: number;
  rtol?: number;
  seed?: number;
  /** Run on this backend instead of getTestBackend() (e.g. one with other kernel variants). */
  gpuBackend?: WebGpuBackend;
}

export interface ParityReport {
  ok: boolean;
  /** Largest |gpu - ref| / (atol + rtol |ref|) over everything compared (<= 1 passes). */
  worstRatio: number;
  report: string;
  leakedBuffers: number;
}

interface RunResult {
  output: Float64Array;
  outputShape: Shape;
  grads: (Float64Array | null)[];
}

async function runOn(
  backend: Backend,
  spec: ParitySpec,
  inputData: Float64Array[],
  upstream: Float64Array | null,
): Promise<RunResult> {
  const inputs = spec.inputs.map((input, i) => {
    const t = backend.fromArray(inputData[i], input.shape);
    t.requiresGrad = !spec.forwardOnly && (input.requiresGrad ?? true);
    return t;
  });
  const tape = new Tape();
  const y = tape.run(() => spec.forward(inputs));
  const output = await y.read();
  const grads: (Float64Array | null)[] = [];
  if (!spec.forwardOnly && upstream) {
    if (upstream.length !== y.size) throw new Error('upstream gradient size mismatch');
    const seed = backend.fromArray(upstream, y.shape);
    tape.backward(y, seed);
    seed.release();
    for (const t of inputs) grads.push(t.grad ? await t.grad.read() : null);
  }
  const outputShape = y.shape;
  tape.free();
  for (const t of inputs) {
    t.grad?.release();
    t.release();
  }
  return { output, outputShape, grads };
}

/** The worst ratio to the tolerance of one array (<= 1 passes); its report line goes to `lines` when it fails. */
function compare(what: string, gpu: Float64Array, ref: Float64Array, atol: number, rtol: number, lines: string[]) {
  const c = compareArrays(gpu, ref, { atol, rtol }, what);
  if (c.worstRatio > 1) lines.push(c.report);
  return c.worstRatio;
}

export async function checkParity(spec: ParitySpec): Promise<ParityReport> {
  const atol = spec.atol ?? 1e-4;
  const rtol = spec.rtol ?? 1e-3;
  const random = new Random(spec.seed ?? 42);
  const inputData = spec.inputs.map((input) =>
    input.data
      ? Float64Array.from(input.data)
      : random.uniformArray(sizeOf(input.shape), input.low ?? -1, input.high ?? 1),
  );
  const cpu = new CpuBackend();
  const gpu = spec.gpuBackend ?? (await getTestBackend());
  // The upstream gradient's size is only known after a forward pass; the cpu run tells us.
  const probe = await runOn(cpu, { ...spec, forwardOnly: true }, inputData, null);
  const upstream = spec.forwardOnly ? null : random.uniformArray(probe.output.length, -1, 1);
  const ref = await runOn(cpu, spec, inputData, upstream);
  const inUseBefore = gpu.pool.stats().inUseBuffers;
  const got = await runOn(gpu, spec, inputData, upstream);
  const leakedBuffers = gpu.pool.stats().inUseBuffers - inUseBefore;

  const lines: string[] = [];
  if (formatShape(got.outputShape) !== formatShape(ref.outputShape)) {
    lines.push(`output shape ${formatShape(got.outputShape)} vs reference ${formatShape(ref.outputShape)}`);
  }
  let worstRatio = compare('output', got.output, ref.output, atol, rtol, lines);
  ref.grads.forEach((refGrad, i) => {
    const gpuGrad = got.grads[i];
    if (!refGrad && !gpuGrad) return;
    if (!refGrad || !gpuGrad) {
      lines.push(`input ${i}: gradient present on one backend only`);
      worstRatio = Number.POSITIVE_INFINITY;
      return;
    }
    worstRatio = Math.max(worstRatio, compare(`grad of input ${i}`, gpuGrad, refGrad, atol, rtol, lines));
  });
  if (leakedBuffers !== 0) lines.push(`${leakedBuffers} GPU buffers still in use after the tape was freed`);
  if (cpu.liveTensors !== 0) lines.push(`${cpu.liveTensors} cpu tensors leaked`);
  return {
    ok: lines.length === 0,
    worstRatio,
    report: lines.join('\n') || `ok (worst ratio ${worstRatio.toFixed(3)})`,
    leakedBuffers,
  };
}
