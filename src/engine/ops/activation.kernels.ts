/** Kernels of the activation family: relu, leaky_relu, tanh, sigmoid, softplus (forward and input gradient). */
import activationWgsl from '../../../shaders/nn/activation.wgsl?raw';
import { checkSameShape } from '../cpu/backend';
import { defineKernel } from '../kernel';
import { type ActivationKind, activationBackward, activationForward } from '../reference/activation';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { f32, u32 } from '../webgpu/uniforms';

export interface ActivationParams {
  kind: ActivationKind;
  /** Negative slope of leaky_relu (ignored by the others). */
  slope: number;
}

const KIND_CODE: Record<ActivationKind, number> = { relu: 0, leaky_relu: 1, tanh: 2, sigmoid: 3, softplus: 4 };
const WG = 256;

/** One thread per value, or per four values when the length allows vec4 loads and stores. */
function dispatchPointwise(
  backend: WebGpuBackend,
  entry: 'forward' | 'backward',
  p: ActivationParams,
  inputs: Tensor[],
  out: Tensor,
): void {
  const vec4 = out.size % 4 === 0;
  const n = vec4 ? out.size / 4 : out.size;
  backend.dispatch({
    kernel: 'activation',
    shader: activationWgsl,
    entryPoint: vec4 ? `${entry}_vec4` : entry,
    constants: { KIND: KIND_CODE[p.kind] },
    uniforms: [u32(n), f32(p.slope)],
    inputs,
    outputs: [out],
    workgroups: backend.grid1d(n, WG),
  });
}

export const activationForwardKernel = defineKernel<ActivationParams>({
  name: 'activation.forward',
  arity: 1,
  cpu: (backend, [x], p) => backend.adopt(activationForward(p.kind, backend.data(x), p.slope), x.shape),
  webgpu: (backend, [x], p) => {
    const y = backend.empty(x.shape);
    dispatchPointwise(backend, 'forward', p, [x], y);
    return y;
  },
});

/** Inputs [x, dy]: the forward input and the output gradient; returns dx. */
export const activationBackwardKernel = defineKernel<ActivationParams>({
  name: 'activation.backward',
  arity: 2,
  cpu: (backend, [x, dy], p) => {
    checkSameShape(`${p.kind} backward`, x, dy);
    return backend.adopt(activationBackward(p.kind, backend.data(x), backend.data(dy), p.slope), x.shape);
  },
  webgpu: (backend, [x, dy], p) => {
    checkSameShape(`${p.kind} backward`, x, dy);
    const dx = backend.empty(x.shape);
    dispatchPointwise(backend, 'backward', p, [x, dy], dx);
    return dx;
  },
});
