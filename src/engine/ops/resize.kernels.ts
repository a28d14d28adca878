/** Kernels of the resize family: nearest x2, avg_pool 2x2, bilinear (align_corners=False) and area resampling. */
import resizeWgsl from '../../../shaders/nn/resize.wgsl?raw';
import { defineKernel } from '../kernel';
import { checkNchw, type ResizeMode, resizeBackward, resizeForward, resizeTaps } from '../reference/resize';
import { formatShape, type Shape, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { f32, u32 } from '../webgpu/uniforms';

const MODE_CODE: Record<ResizeMode, number> = { nearest2x: 0, avgpool2: 1, bilinear: 2, area: 3 };
const WG = 256;

export interface ResizeParams {
  mode: ResizeMode;
  /** Output size (bilinear and area only). */
  outH?: number;
  outW?: number;
}

/** Output shape of a resize of `shape` (validates the arguments like the reference does). */
export function resizeOutputShape(shape: Shape, p: ResizeParams): number[] {
  const s = checkNchw(shape, p.mode);
  const { ty, tx } = resizeTaps(p.mode, s, p.outH, p.outW);
  return [s.n, s.c, ty.taps.length, tx.taps.length];
}

/**
 * Exact 2x modes take the vec2 fast paths (nearest always; pooling when no odd tail is dropped); everything
 * else takes the generic separable gather. Fast paths launch one thread per pixel of the smaller tensor.
 */
function fastPath(
  p: ResizeParams,
  inShape: Shape,
  entry: 'forward' | 'backward',
): { entryPoint: string; threads: number } | null {
  const [n, c, inH, inW] = inShape;
  if (p.mode === 'nearest2x') return { entryPoint: `nearest2x_${entry}`, threads: n * c * inH * inW };
  if (p.mode === 'avgpool2' && inH % 2 === 0 && inW % 2 === 0) {
    return { entryPoint: `avgpool2_${entry}`, threads: (n * c * inH * inW) / 4 };
  }
  return null;
}

function dispatchResize(
  backend: WebGpuBackend,
  entry: 'forward' | 'backward',
  p: ResizeParams,
  inShape: Shape,
  outShape: Shape,
  src: Tensor,
  dst: Tensor,
): void {
  const [n, c, inH, inW] = inShape;
  const [, , outH, outW] = outShape;
  const fast = fastPath(p, inShape, entry);
  const threads = fast ? fast.threads : dst.size;
  backend.dispatch({
    kernel: 'resize',
    shader: resizeWgsl,
    entryPoint: fast ? fast.entryPoint : entry,
    constants: { MODE: MODE_CODE[p.mode] },
    uniforms: [u32(n * c), u32(inH), u32(inW), u32(outH), u32(outW), f32(inH / outH), f32(inW / outW), u32(threads)],
    inputs: [src],
    outputs: [dst],
    workgroups: backend.grid1d(threads, WG),
  });
}

export const resizeForwardKernel = defineKernel<ResizeParams>({
  name: 'resize.forward',
  arity: 1,
  cpu: (backend, [x], p) => {
    const { out, shape } = resizeForward(p.mode, backend.data(x), x.shape, p.outH, p.outW);
    return backend.adopt(out, shape);
  },
  webgpu: (backend, [x], p) => {
    const outShape = resizeOutputShape(x.shape, p);
    const y = backend.empty(outShape);
    dispatchResize(backend, 'forward', p, x.shape, outShape, x, y);
    return y;
  },
});

export interface ResizeBackwardParams extends ResizeParams {
  /** Shape of the forward input (the gradient's shape). */
  inputShape: Shape;
}

/** Input [dy]; returns dx of the forward input's shape. */
export const resizeBackwardKernel = defineKernel<ResizeBackwardParams>({
  name: 'resize.backward',
  arity: 1,
  cpu: (backend, [dy], p) =>
    backend.adopt(resizeBackward(p.mode, p.inputShape, backend.data(dy), p.outH, p.outW), p.inputShape),
  webgpu: (backend, [dy], p) => {
    const outShape = resizeOutputShape(p.inputShape, p);
    if (!sameShape(outShape, dy.shape))
      throw new Error(`${p.mode} backward: gradient ${dy} is not ${formatShape(outShape)}.`);
    const dx = backend.empty(p.inputShape);
    dispatchResize(backend, 'backward', p, p.inputShape, outShape, dy, dx);
    return dx;
  },
});
