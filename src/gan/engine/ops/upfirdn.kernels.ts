/**
 * Kernels of the upfirdn family (StyleGAN2's FIR up/down-sampling filter): forward and input gradient.
 * cpu = the float64 reference (upfirdn.reference.ts), webgpu = shaders/gan/upfirdn.wgsl.
 */
import upfirdnWgsl from '../../../../shaders/gan/upfirdn.wgsl?raw';
import { defineKernel } from '../../../engine/kernel';
import type { Tensor } from '../../../engine/tensor';
import type { WebGpuBackend } from '../../../engine/webgpu/backend';
import { i32, u32 } from '../../../engine/webgpu/uniforms';
import {
  type UpfirdnGeometry,
  type UpfirdnOptions,
  upfirdnBackward,
  upfirdnForward,
  upfirdnGeometry,
} from './upfirdn.reference';

const WG = 256;

/**
 * The row4 entry points (4 results per thread from registers) serve the common case up = down = 1 with a 4x4
 * kernel; everything else takes the general one-result-per-thread gathers.
 */
function dispatchUpfirdn(
  backend: WebGpuBackend,
  direction: 'forward' | 'backward',
  g: UpfirdnGeometry,
  src: Tensor,
  kernel: Tensor,
  dst: Tensor,
): void {
  const row4 = g.up === 1 && g.down === 1 && g.kH === 4 && g.kW === 4;
  const [rows, width] = direction === 'forward' ? [g.outH, g.outW] : [g.inH, g.inW];
  const threads = row4 ? g.planes * rows * Math.ceil(width / 4) : dst.size;
  backend.dispatch({
    kernel: 'gan.upfirdn',
    shader: upfirdnWgsl,
    entryPoint: row4 ? `${direction}_row4` : direction,
    constants: { WG, UP: g.up, DOWN: g.down },
    uniforms: [u32(threads), u32(g.inH), u32(g.inW), u32(g.outH), u32(g.outW), u32(g.kH), u32(g.kW), i32(g.pad0)],
    inputs: [src, kernel],
    outputs: [dst],
    workgroups: backend.grid1d(threads, WG),
  });
}

/** Inputs [x [N,C,H,W], kernel [kH,kW]] -> y [N,C,outH,outW]. */
export const upfirdnForwardKernel = defineKernel<UpfirdnOptions>({
  name: 'gan.upfirdn.forward',
  arity: 2,
  cpu: (backend, [x, kernel], o) => {
    const g = upfirdnGeometry(x.shape, kernel.shape, o);
    const y = upfirdnForward(backend.data(x), backend.data(kernel), g);
    return backend.adopt(y, [x.shape[0], x.shape[1], g.outH, g.outW]);
  },
  webgpu: (backend, [x, kernel], o) => {
    const g = upfirdnGeometry(x.shape, kernel.shape, o);
    const y = backend.empty([x.shape[0], x.shape[1], g.outH, g.outW]);
    dispatchUpfirdn(backend, 'forward', g, x, kernel, y);
    return y;
  },
});

export interface UpfirdnBackwardParams extends UpfirdnOptions {
  inputShape: readonly number[];
}

function checkGradShape(gy: Tensor, inputShape: readonly number[], g: UpfirdnGeometry): void {
  const want = [inputShape[0], inputShape[1], g.outH, g.outW];
  if (gy.shape.length !== 4 || gy.shape.some((d, i) => d !== want[i]))
    throw new Error(`upfirdn2d backward: gradient [${gy.shape.join(', ')}] is not [${want.join(', ')}].`);
}

/** Inputs [gy [N,C,outH,outW], kernel] -> dx [N,C,H,W] (the kernel is a constant: no kernel gradient). */
export const upfirdnBackwardKernel = defineKernel<UpfirdnBackwardParams>({
  name: 'gan.upfirdn.backward',
  arity: 2,
  cpu: (backend, [gy, kernel], p) => {
    const g = upfirdnGeometry(p.inputShape, kernel.shape, p);
    checkGradShape(gy, p.inputShape, g);
    return backend.adopt(upfirdnBackward(backend.data(gy), backend.data(kernel), g), p.inputShape);
  },
  webgpu: (backend, [gy, kernel], p) => {
    const g = upfirdnGeometry(p.inputShape, kernel.shape, p);
    checkGradShape(gy, p.inputShape, g);
    const dx = backend.empty(p.inputShape);
    dispatchUpfirdn(backend, 'backward', g, gy, kernel, dx);
    return dx;
  },
});
