/** Kernels of the modconv modulation family: x [N,C,H,W] times the style s [N,C], and its gradients. */
import modulateWgsl from '../../../../shaders/gan/modconv_modulate.wgsl?raw';
import { checkSameShape } from '../../../engine/cpu/backend';
import { defineKernel } from '../../../engine/kernel';
import { expectRank, formatShape } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import { u32 } from '../../../engine/webgpu/uniforms';
import { modulateBackward, modulateForward } from './modconvModulate.reference';

const WG = 256;

/** Checks x [N,C,H,W] against s [N,C]; returns batch, channels and pixels per channel. */
export function modulateDims(x: Tensor, s: Tensor): { batch: number; channels: number; pixels: number } {
  expectRank('modulate x', x.shape, 4);
  const [batch, channels, h, w] = x.shape;
  if (s.shape.length !== 2 || s.shape[0] !== batch || s.shape[1] !== channels)
    throw new Error(
      `modulate: style ${formatShape(s.shape)} is not [${batch}, ${channels}] for x ${formatShape(x.shape)}.`,
    );
  if (batch > 65535) throw new Error(`modulate: batch ${batch} exceeds 65535 workgroups.`);
  return { batch, channels, pixels: h * w };
}

/** Inputs [x, s]; returns y with x's shape. */
export const modulateForwardKernel = defineKernel<Record<string, never>>({
  name: 'modconv.modulate.forward',
  arity: 2,
  cpu: (backend, [x, s]) => {
    const { pixels } = modulateDims(x, s);
    return backend.adopt(modulateForward(backend.data(x), backend.data(s), pixels), x.shape);
  },
  webgpu: (backend, [x, s]) => {
    const d = modulateDims(x, s);
    const y = backend.empty(x.shape);
    backend.dispatch({
      kernel: 'modconv.modulate',
      shader: modulateWgsl,
      entryPoint: 'modulate_forward',
      constants: { WG },
      uniforms: [u32(d.batch), u32(d.channels), u32(d.pixels)],
      inputs: [x, s],
      outputs: [y],
      workgroups: backend.grid1d(y.size, WG),
    });
    return y;
  },
});

/** Inputs [x, s, g]; returns dx (x's shape) and ds (s's shape). */
export const modulateBackwardKernel = defineKernel<Record<string, never>, { dx: Tensor; ds: Tensor }>({
  name: 'modconv.modulate.backward',
  arity: 3,
  cpu: (backend, [x, s, g]) => {
    checkSameShape('modulate backward', x, g);
    const { pixels } = modulateDims(x, s);
    const r = modulateBackward(backend.data(x), backend.data(s), backend.data(g), pixels);
    return { dx: backend.adopt(r.dx, x.shape), ds: backend.adopt(r.ds, s.shape) };
  },
  webgpu: (backend, [x, s, g]) => {
    checkSameShape('modulate backward', x, g);
    const d = modulateDims(x, s);
    const dx = backend.empty(x.shape);
    const ds = backend.empty(s.shape);
    backend.dispatch({
      kernel: 'modconv.modulate',
      shader: modulateWgsl,
      entryPoint: 'modulate_backward',
      constants: { WG },
      uniforms: [u32(d.batch), u32(d.channels), u32(d.pixels)],
      inputs: [x, s, g],
      outputs: [dx, ds],
      workgroups: [d.channels, d.batch],
    });
    return { dx, ds };
  },
});
