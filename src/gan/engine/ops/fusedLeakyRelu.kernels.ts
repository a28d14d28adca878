/**
 * Kernels of the fused bias + leaky ReLU family (StyleGAN2's FusedLeakyReLU): forward and input gradient.
 * cpu = the float64 reference (fusedLeakyRelu.reference.ts), webgpu = shaders/gan/fused_lrelu.wgsl.
 * Inputs are [x] or [x, bias] (bias [C]); the backward takes [x, gy] or [x, bias, gy].
 */
import fusedLreluWgsl from '../../../../shaders/gan/fused_lrelu.wgsl?raw';
import { defineKernel } from '../../../engine/kernel';
import type { Tensor } from '../../../engine/tensor';
import type { WebGpuBackend } from '../../../engine/webgpu/backend';
import { f32, u32 } from '../../../engine/webgpu/uniforms';
import {
  type FusedLeakyReluGeometry,
  type FusedLeakyReluParams,
  fusedLeakyReluBackward,
  fusedLeakyReluForward,
  fusedLeakyReluGeometry,
} from './fusedLeakyRelu.reference';

const WG = 256;

/** Names the kernel inputs: x, then the bias when present, then the output gradient for the backward. */
function split(inputs: readonly Tensor[], hasBias: boolean, withGrad: boolean) {
  const x = inputs[0];
  const bias = hasBias ? inputs[1] : null;
  const gy = withGrad ? inputs[inputs.length - 1] : null;
  const g = fusedLeakyReluGeometry(x.shape, bias ? bias.shape : null);
  if (gy && (gy.shape.length !== x.shape.length || gy.shape.some((d, i) => d !== x.shape[i])))
    throw new Error(
      `fusedLeakyRelu backward: gradient [${gy.shape.join(', ')}] differs from x [${x.shape.join(', ')}].`,
    );
  return { x, bias, gy, g };
}

/** One thread per value, or per four values when every channel's run of values is a multiple of 4 long. */
function dispatchPointwise(
  backend: WebGpuBackend,
  entry: 'forward' | 'backward',
  g: FusedLeakyReluGeometry,
  p: FusedLeakyReluParams,
  inputs: { x: Tensor; bias: Tensor | null; gy: Tensor | null },
  out: Tensor,
): void {
  const vec4 = g.inner % 4 === 0;
  const n = vec4 ? out.size / 4 : out.size;
  const bound = [inputs.x, inputs.bias ?? backend.unusedBinding];
  if (inputs.gy) bound.push(inputs.gy);
  backend.dispatch({
    kernel: 'gan.fusedLeakyRelu',
    shader: fusedLreluWgsl,
    entryPoint: vec4 ? `${entry}_vec4` : entry,
    constants: { HAS_BIAS: inputs.bias ? 1 : 0, WG },
    uniforms: [u32(n), u32(g.channels), u32(vec4 ? g.inner / 4 : g.inner), f32(p.slope), f32(p.gain)],
    inputs: bound,
    outputs: [out],
    workgroups: backend.grid1d(n, WG),
  });
}

function defineForward(hasBias: boolean) {
  return defineKernel<FusedLeakyReluParams>({
    name: hasBias ? 'gan.fusedLeakyRelu.forward' : 'gan.fusedLeakyRelu.forwardNoBias',
    arity: hasBias ? 2 : 1,
    cpu: (backend, inputs, p) => {
      const { x, bias, g } = split(inputs, hasBias, false);
      const y = fusedLeakyReluForward(backend.data(x), bias ? backend.data(bias) : null, g, p);
      return backend.adopt(y, x.shape);
    },
    webgpu: (backend, inputs, p) => {
      const parts = split(inputs, hasBias, false);
      const y = backend.empty(parts.x.shape);
      dispatchPointwise(backend, 'forward', parts.g, p, parts, y);
      return y;
    },
  });
}

function defineBackward(hasBias: boolean) {
  return defineKernel<FusedLeakyReluParams>({
    name: hasBias ? 'gan.fusedLeakyRelu.backward' : 'gan.fusedLeakyRelu.backwardNoBias',
    arity: hasBias ? 3 : 2,
    cpu: (backend, inputs, p) => {
      const { x, bias, gy, g } = split(inputs, hasBias, true);
      const dx = fusedLeakyReluBackward(
        backend.data(x),
        bias ? backend.data(bias) : null,
        backend.data(gy as Tensor),
        g,
        p,
      );
      return backend.adopt(dx, x.shape);
    },
    webgpu: (backend, inputs, p) => {
      const parts = split(inputs, hasBias, true);
      const dx = backend.empty(parts.x.shape);
      dispatchPointwise(backend, 'backward', parts.g, p, parts, dx);
      return dx;
    },
  });
}

/** [x, bias] -> y. */
export const fusedLeakyReluForwardKernel = defineForward(true);
/** [x] -> y. */
export const fusedLeakyReluForwardNoBiasKernel = defineForward(false);
/** [x, bias, gy] -> dx (= d/d(x + bias)). */
export const fusedLeakyReluBackwardKernel = defineBackward(true);
/** [x, gy] -> dx. */
export const fusedLeakyReluBackwardNoBiasKernel = defineBackward(false);
