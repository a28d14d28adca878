/** Kernels of the modconv demodulation family: d = rsqrt(s^2 E^T + eps) and its style gradient. */
import demodWgsl from '../../../../shaders/gan/modconv_demod.wgsl?raw';
import { defineKernel } from '../../../engine/kernel';
import { expectRank, formatShape } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import { f32, u32 } from '../../../engine/webgpu/uniforms';
import { type DemodDims, demodBackward, demodForward } from './modconvDemod.reference';

const WG = 64;

export interface DemodParams {
  eps: number;
}

/** Dimensions of style [N, I] against energy [O, I], checked. */
export function demodDims(style: Tensor, energy: Tensor): DemodDims {
  expectRank('demodulation style', style.shape, 2);
  expectRank('demodulation weight energy', energy.shape, 2);
  if (style.shape[1] !== energy.shape[1])
    throw new Error(
      `demodulation: style ${formatShape(style.shape)} and weight energy ${formatShape(energy.shape)} disagree on the input channels.`,
    );
  return { batch: style.shape[0], inChannels: style.shape[1], outChannels: energy.shape[0] };
}

function uniforms(dims: DemodDims, eps: number) {
  return [u32(dims.batch), u32(dims.inChannels), u32(dims.outChannels), f32(eps)];
}

/** Inputs [style [N,I], energy [O,I]]; returns d [N,O]. */
export const demodForwardKernel = defineKernel<DemodParams>({
  name: 'modconv.demod.forward',
  arity: 2,
  cpu: (backend, [style, energy], p) => {
    const dims = demodDims(style, energy);
    return backend.adopt(demodForward(backend.data(style), backend.data(energy), dims, p.eps), [
      dims.batch,
      dims.outChannels,
    ]);
  },
  webgpu: (backend, [style, energy], p) => {
    const dims = demodDims(style, energy);
    const d = backend.empty([dims.batch, dims.outChannels]);
    backend.dispatch({
      kernel: 'modconv.demod',
      shader: demodWgsl,
      entryPoint: 'demod_forward',
      constants: { WG },
      uniforms: uniforms(dims, p.eps),
      inputs: [style, energy],
      outputs: [d],
      workgroups: backend.grid1d(d.size, WG),
    });
    return d;
  },
});

/** Inputs [style, energy, d (forward output), g (upstream, [N,O])]; returns ds [N,I]. */
export const demodBackwardKernel = defineKernel<DemodParams>({
  name: 'modconv.demod.backward',
  arity: 4,
  cpu: (backend, [style, energy, d, g], _p) => {
    const dims = demodDims(style, energy);
    const ds = demodBackward(backend.data(style), backend.data(energy), backend.data(d), backend.data(g), dims);
    return backend.adopt(ds, style.shape);
  },
  webgpu: (backend, [style, energy, d, g], p) => {
    const dims = demodDims(style, energy);
    const ds = backend.empty(style.shape);
    backend.dispatch({
      kernel: 'modconv.demod',
      shader: demodWgsl,
      entryPoint: 'demod_backward',
      constants: { WG },
      uniforms: uniforms(dims, p.eps),
      inputs: [style, energy, d, g],
      outputs: [ds],
      workgroups: backend.grid1d(ds.size, WG),
    });
    return ds;
  },
});
