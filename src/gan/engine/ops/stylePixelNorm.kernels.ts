/** Kernels of the style pixel-norm family: PixelNorm of latent rows and its input gradient. */
import pixelNormWgsl from '../../../../shaders/gan/style_pixel_norm.wgsl?raw';
import { checkSameShape } from '../../../engine/cpu/backend';
import { defineKernel } from '../../../engine/kernel';
import { expectRank } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import { f32, u32 } from '../../../engine/webgpu/uniforms';
import { pixelNormBackward, pixelNormForward } from './stylePixelNorm.reference';

const WG = 64;

export interface PixelNormParams {
  eps: number;
}

function rowsOf(x: Tensor): { rows: number; dim: number } {
  expectRank('pixelNorm input', x.shape, 2);
  return { rows: x.shape[0], dim: x.shape[1] };
}

/** Input [x [N,D]]; returns y [N,D]. */
export const pixelNormForwardKernel = defineKernel<PixelNormParams>({
  name: 'style.pixel_norm.forward',
  arity: 1,
  cpu: (backend, [x], p) => {
    const { rows, dim } = rowsOf(x);
    return backend.adopt(pixelNormForward(backend.data(x), rows, dim, p.eps), x.shape);
  },
  webgpu: (backend, [x], p) => {
    const { rows, dim } = rowsOf(x);
    const y = backend.empty(x.shape);
    backend.dispatch({
      kernel: 'style.pixel_norm',
      shader: pixelNormWgsl,
      entryPoint: 'pixel_norm_forward',
      constants: { WG },
      uniforms: [u32(rows), u32(dim), f32(p.eps)],
      inputs: [x],
      outputs: [y],
      workgroups: backend.grid1d(rows, WG),
    });
    return y;
  },
});

/** Inputs [x, g]; returns dx. */
export const pixelNormBackwardKernel = defineKernel<PixelNormParams>({
  name: 'style.pixel_norm.backward',
  arity: 2,
  cpu: (backend, [x, g], p) => {
    checkSameShape('pixelNorm backward', x, g);
    const { rows, dim } = rowsOf(x);
    return backend.adopt(pixelNormBackward(backend.data(x), backend.data(g), rows, dim, p.eps), x.shape);
  },
  webgpu: (backend, [x, g], p) => {
    checkSameShape('pixelNorm backward', x, g);
    const { rows, dim } = rowsOf(x);
    const dx = backend.empty(x.shape);
    backend.dispatch({
      kernel: 'style.pixel_norm',
      shader: pixelNormWgsl,
      entryPoint: 'pixel_norm_backward',
      constants: { WG },
      uniforms: [u32(rows), u32(dim), f32(p.eps)],
      inputs: [x, g],
      outputs: [dx],
      workgroups: backend.grid1d(rows, WG),
    });
    return dx;
  },
});
