/** Kernels of the synth activation family: demod scale + noise + bias + leaky ReLU (gain) and its gradients. */
import activateWgsl from '../../../../shaders/gan/synth_activate.wgsl?raw';
import { defineKernel } from '../../../engine/kernel';
import { expectRank, formatShape } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import { f32, u32 } from '../../../engine/webgpu/uniforms';
import {
  type LeakyReluParams,
  type SynthActivateDims,
  synthActivateBackward,
  synthActivateForward,
} from './synthActivate.reference';

const WG = 256;

/** Checks x [N,C,H,W], d [N,C], noise (H*W values), noiseWeight (1 value), bias [C]; returns the dims. */
export function synthActivateDims(x: Tensor, d: Tensor, noise: Tensor, noiseWeight: Tensor, bias: Tensor) {
  expectRank('synthActivate x', x.shape, 4);
  const [batch, channels, h, w] = x.shape;
  const bad: string[] = [];
  if (d.shape.length !== 2 || d.shape[0] !== batch || d.shape[1] !== channels)
    bad.push(`demodulation ${formatShape(d.shape)} is not [${batch}, ${channels}]`);
  if (noise.size !== h * w) bad.push(`noise ${formatShape(noise.shape)} does not hold ${h}x${w} values`);
  if (noiseWeight.size !== 1) bad.push(`noise weight ${formatShape(noiseWeight.shape)} is not one value`);
  if (bias.size !== channels) bad.push(`bias ${formatShape(bias.shape)} does not hold ${channels} values`);
  if (bad.length > 0) throw new Error(`synthActivate on x ${formatShape(x.shape)}: ${bad.join('; ')}.`);
  if (batch > 65535) throw new Error(`synthActivate: batch ${batch} exceeds 65535 workgroups.`);
  return { batch, channels, pixels: h * w } satisfies SynthActivateDims;
}

function uniforms(dims: SynthActivateDims, act: LeakyReluParams) {
  return [u32(dims.batch), u32(dims.channels), u32(dims.pixels), f32(act.slope), f32(act.gain)];
}

/** Inputs [x, d, noise, noiseWeight, bias]; returns y with x's shape. */
export const synthActivateForwardKernel = defineKernel<LeakyReluParams>({
  name: 'synth.activate.forward',
  arity: 5,
  cpu: (backend, [x, d, noise, nw, bias], act) => {
    const dims = synthActivateDims(x, d, noise, nw, bias);
    const [data, dd, nd, nwd, bd] = [x, d, noise, nw, bias].map((t) => backend.data(t));
    return backend.adopt(synthActivateForward(data, dd, nd, nwd[0], bd, dims, act), x.shape);
  },
  webgpu: (backend, [x, d, noise, nw, bias], act) => {
    const dims = synthActivateDims(x, d, noise, nw, bias);
    const y = backend.empty(x.shape);
    backend.dispatch({
      kernel: 'synth.activate',
      shader: activateWgsl,
      entryPoint: 'activate_forward',
      constants: { WG },
      uniforms: uniforms(dims, act),
      inputs: [x, d, noise, nw, bias],
      outputs: [y],
      workgroups: backend.grid1d(y.size, WG),
    });
    return y;
  },
});

/** Inputs [x, d, noise, noiseWeight, bias, g]; returns dx (x's shape) and dd (d's shape). */
export const synthActivateBackwardKernel = defineKernel<LeakyReluParams, { dx: Tensor; dd: Tensor }>({
  name: 'synth.activate.backward',
  arity: 6,
  cpu: (backend, [x, d, noise, nw, bias, g], act) => {
    const dims = synthActivateDims(x, d, noise, nw, bias);
    const [xd, ddata, nd, nwd, bd, gd] = [x, d, noise, nw, bias, g].map((t) => backend.data(t));
    const r = synthActivateBackward(xd, ddata, nd, nwd[0], bd, gd, dims, act);
    return { dx: backend.adopt(r.dx, x.shape), dd: backend.adopt(r.dd, d.shape) };
  },
  webgpu: (backend, [x, d, noise, nw, bias, g], act) => {
    const dims = synthActivateDims(x, d, noise, nw, bias);
    const dx = backend.empty(x.shape);
    const dd = backend.empty(d.shape);
    backend.dispatch({
      kernel: 'synth.activate',
      shader: activateWgsl,
      entryPoint: 'activate_backward',
      constants: { WG },
      uniforms: uniforms(dims, act),
      inputs: [x, d, noise, nw, bias, g],
      outputs: [dx, dd],
      workgroups: [dims.channels, dims.batch],
    });
    return { dx, dd };
  },
});
