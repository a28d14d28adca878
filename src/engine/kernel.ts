/**
 * Kernel registration. A kernel is one computation with two implementations: `cpu` (float64, calling the
 * reference functions) and `webgpu` (WGSL dispatch). Op families define their kernels with defineKernel in
 * src/engine/ops/<family>.kernels.ts; the autograd ops in src/engine/ops/<family>.ts call them. Kernels never
 * record autograd nodes; they take tensors (all on one backend) and return new tensors (or update outputs that
 * were passed in, for in-place kernels such as the optimizer's).
 */
import type { CpuBackend } from './cpu/backend';
import type { Tensor } from './tensor';
import type { WebGpuBackend } from './webgpu/backend';

export interface KernelDefinition<P, R> {
  /** Unique name, e.g. 'conv2d.forward'. */
  name: string;
  /** Number of tensor inputs the kernel takes. */
  arity: number;
  cpu: (backend: CpuBackend, inputs: readonly Tensor[], params: P) => R;
  webgpu: (backend: WebGpuBackend, inputs: readonly Tensor[], params: P) => R;
}

export type Kernel<P, R> = ((inputs: readonly Tensor[], params: P) => R) & { readonly kernelName: string };

const registry = new Map<string, KernelDefinition<unknown, unknown>>();

export function defineKernel<P, R = Tensor>(definition: KernelDefinition<P, R>): Kernel<P, R> {
  if (definition.arity < 1) throw new Error(`Kernel '${definition.name}' must take at least one tensor.`);
  if (registry.has(definition.name)) throw new Error(`Kernel '${definition.name}' is defined twice.`);
  registry.set(definition.name, definition as KernelDefinition<unknown, unknown>);
  const run = (inputs: readonly Tensor[], params: P): R => {
    if (inputs.length !== definition.arity) {
      throw new Error(`Kernel '${definition.name}' takes ${definition.arity} tensors, got ${inputs.length}.`);
    }
    const backend = inputs[0].backend;
    for (const t of inputs) {
      if (t.backend !== backend)
        throw new Error(`Kernel '${definition.name}': inputs live on different backends (${t}).`);
      if (t.released) throw new Error(`Kernel '${definition.name}': ${t} was released.`);
    }
    if (backend.kind === 'cpu') return definition.cpu(backend as CpuBackend, inputs, params);
    return definition.webgpu(backend as WebGpuBackend, inputs, params);
  };
  return Object.assign(run, { kernelName: definition.name });
}

/**
 * The output of a webgpu kernel: `out` when the caller gave one (a gradient's slot in a packed buffer, see
 * BackwardFn's `into`; it must have `shape`), else a new tensor. The cpu kernels ignore `out` and return a new
 * tensor; callers accept either (the tape copies a gradient that did not land in its slot).
 */
export function outputTensor(backend: WebGpuBackend, out: Tensor | null | undefined, shape: readonly number[]): Tensor {
  if (!out) return backend.empty(shape);
  if (out.shape.length !== shape.length || out.shape.some((d, i) => d !== shape[i]))
    throw new Error(`Output ${out} does not have shape [${shape.join(', ')}].`);
  return out;
}

/** Names of every registered kernel (for docs, coverage checks and benchmarks). */
export function registeredKernels(): string[] {
  return [...registry.keys()].sort();
}
