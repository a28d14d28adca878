/**
 * Kernels of the shape family: block copies along batch/channel (concat, slice and their gradients), spatial
 * pad (zero, replicate) and horizontal flip.
 */
import copyWgsl from '../../../shaders/nn/shape_copy.wgsl?raw';
import padWgsl from '../../../shaders/nn/shape_pad.wgsl?raw';
import { defineKernel } from '../kernel';
import { checkNchw } from '../reference/resize';
import {
  axisView,
  type ConcatAxis,
  copyAxisBlock,
  flipHorizontal,
  type PadMode,
  type Pads,
  padBackward,
  padForward,
  padShape2d,
  sliceBackward,
  sliceShape,
} from '../reference/shape';
import { formatShape, type Shape, sameShape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { u32 } from '../webgpu/uniforms';

const WG = 256;

export interface CopyAxisParams {
  axis: ConcatAxis;
  srcStart: number;
  dstStart: number;
  count: number;
}

function checkCopy(src: Tensor, dst: Tensor, p: CopyAxisParams): void {
  checkNchw(src.shape, 'copy');
  checkNchw(dst.shape, 'copy');
  const other = p.axis === 0 ? [1, 2, 3] : [0, 2, 3];
  if (other.some((i) => src.shape[i] !== dst.shape[i])) {
    throw new Error(
      `copy along axis ${p.axis}: ${formatShape(src.shape)} and ${formatShape(dst.shape)} differ off that axis.`,
    );
  }
  if (
    p.srcStart < 0 ||
    p.dstStart < 0 ||
    p.count < 1 ||
    p.srcStart + p.count > src.shape[p.axis] ||
    p.dstStart + p.count > dst.shape[p.axis]
  ) {
    throw new Error(
      `copy along axis ${p.axis}: block [${p.srcStart}, +${p.count}) -> [${p.dstStart}, +${p.count}) is out of range.`,
    );
  }
}

function dispatchCopy(
  backend: WebGpuBackend,
  entry: 'copy_axis' | 'window',
  src: Tensor,
  dst: Tensor,
  p: CopyAxisParams,
): void {
  const s = axisView(src.shape, p.axis);
  const d = axisView(dst.shape, p.axis);
  const vec4 = s.inner % 4 === 0;
  const inner = vec4 ? s.inner / 4 : s.inner;
  const threads = entry === 'copy_axis' ? s.outer * p.count * inner : d.outer * d.length * inner;
  backend.dispatch({
    kernel: 'shape.copy',
    shader: copyWgsl,
    entryPoint: vec4 ? `${entry}_vec4` : entry,
    uniforms: [
      u32(s.outer),
      u32(inner),
      u32(s.length),
      u32(p.srcStart),
      u32(d.length),
      u32(p.dstStart),
      u32(p.count),
      u32(threads),
    ],
    inputs: [src],
    outputs: [dst],
    workgroups: backend.grid1d(threads, WG),
  });
}

/** In place: inputs [src, dst]; copies `count` slices of the axis from src into dst, leaving the rest of dst. */
export const copyAxisKernel = defineKernel<CopyAxisParams, void>({
  name: 'shape.copyAxis',
  arity: 2,
  cpu: (backend, [src, dst], p) => {
    checkCopy(src, dst, p);
    copyAxisBlock(backend.data(src), src.shape, p.srcStart, backend.data(dst), dst.shape, p.dstStart, p.count, p.axis);
  },
  webgpu: (backend, [src, dst], p) => {
    checkCopy(src, dst, p);
    dispatchCopy(backend, 'copy_axis', src, dst, p);
  },
});

export interface SliceParams {
  axis: ConcatAxis;
  start: number;
  length: number;
}

export const sliceKernel = defineKernel<SliceParams>({
  name: 'shape.slice',
  arity: 1,
  cpu: (backend, [x], p) => {
    const out = backend.empty(sliceShape(x.shape, p.axis, p.start, p.length));
    copyAxisBlock(backend.data(x), x.shape, p.start, backend.data(out), out.shape, 0, p.length, p.axis);
    return out;
  },
  webgpu: (backend, [x], p) => {
    const out = backend.empty(sliceShape(x.shape, p.axis, p.start, p.length));
    dispatchCopy(backend, 'copy_axis', x, out, { axis: p.axis, srcStart: p.start, dstStart: 0, count: p.length });
    return out;
  },
});

export interface SliceBackwardParams extends SliceParams {
  inputShape: Shape;
}

/** Input [dy]: dy placed at the slice's window of a zero tensor of the input's shape. */
export const sliceBackwardKernel = defineKernel<SliceBackwardParams>({
  name: 'shape.sliceBackward',
  arity: 1,
  cpu: (backend, [dy], p) =>
    backend.adopt(sliceBackward(p.inputShape, p.axis, p.start, p.length, backend.data(dy)), p.inputShape),
  webgpu: (backend, [dy], p) => {
    const expected = sliceShape(p.inputShape, p.axis, p.start, p.length);
    if (!sameShape(expected, dy.shape))
      throw new Error(`slice backward: gradient ${dy} is not ${formatShape(expected)}.`);
    const dx = backend.empty(p.inputShape);
    dispatchCopy(backend, 'window', dy, dx, { axis: p.axis, srcStart: 0, dstStart: p.start, count: p.length });
    return dx;
  },
});

export interface PadParams {
  pads: Pads;
  mode: PadMode;
}

function dispatchPad(
  backend: WebGpuBackend,
  entry: 'pad_forward' | 'pad_backward' | 'flip',
  mode: PadMode,
  inShape: Shape,
  outShape: Shape,
  pads: Pads,
  src: Tensor,
  dst: Tensor,
): void {
  const [n, c, h, w] = inShape;
  backend.dispatch({
    kernel: 'shape.pad',
    shader: padWgsl,
    entryPoint: entry,
    constants: { MODE: mode === 'zero' ? 0 : 1 },
    uniforms: [
      u32(n * c),
      u32(h),
      u32(w),
      u32(outShape[2]),
      u32(outShape[3]),
      u32(pads[0]),
      u32(pads[2]),
      u32(dst.size),
    ],
    inputs: [src],
    outputs: [dst],
    workgroups: backend.grid1d(dst.size, WG),
  });
}

export const padForwardKernel = defineKernel<PadParams>({
  name: 'shape.pad.forward',
  arity: 1,
  cpu: (backend, [x], p) => {
    const { out, shape } = padForward(backend.data(x), x.shape, p.pads, p.mode);
    return backend.adopt(out, shape);
  },
  webgpu: (backend, [x], p) => {
    const outShape = padShape2d(x.shape, p.pads);
    const y = backend.empty(outShape);
    dispatchPad(backend, 'pad_forward', p.mode, x.shape, outShape, p.pads, x, y);
    return y;
  },
});

export interface PadBackwardParams extends PadParams {
  inputShape: Shape;
}

export const padBackwardKernel = defineKernel<PadBackwardParams>({
  name: 'shape.pad.backward',
  arity: 1,
  cpu: (backend, [dy], p) => backend.adopt(padBackward(p.inputShape, p.pads, p.mode, backend.data(dy)), p.inputShape),
  webgpu: (backend, [dy], p) => {
    const outShape = padShape2d(p.inputShape, p.pads);
    if (!sameShape(outShape, dy.shape))
      throw new Error(`pad backward: gradient ${dy} is not ${formatShape(outShape)}.`);
    const dx = backend.empty(p.inputShape);
    dispatchPad(backend, 'pad_backward', p.mode, p.inputShape, outShape, p.pads, dy, dx);
    return dx;
  },
});

/** torch.flip(x, [3]); also its own gradient. */
export const flipKernel = defineKernel<Record<string, never>>({
  name: 'shape.flip',
  arity: 1,
  cpu: (backend, [x]) => backend.adopt(flipHorizontal(backend.data(x), x.shape), x.shape),
  webgpu: (backend, [x]) => {
    checkNchw(x.shape, 'flip');
    const y = backend.empty(x.shape);
    dispatchPad(backend, 'flip', 'zero', x.shape, x.shape, [0, 0, 0, 0], x, y);
    return y;
  },
});

export interface ReshapeParams {
  shape: Shape;
}

function checkReshape(x: Tensor, shape: Shape): void {
  if (sizeOf(shape) !== x.size)
    throw new Error(`reshape: ${x} has ${x.size} values, ${formatShape(shape)} holds ${sizeOf(shape)}.`);
}

/**
 * The same values under another shape (row-major order kept). Tensors own their storage, so this is a copy: one
 * bandwidth-bound pass, negligible next to the convolutions around the places the method reshapes.
 */
export const reshapeKernel = defineKernel<ReshapeParams>({
  name: 'shape.reshape',
  arity: 1,
  cpu: (backend, [x], p) => {
    checkReshape(x, p.shape);
    return backend.adopt(Float64Array.from(backend.data(x)), p.shape);
  },
  webgpu: (backend, [x], p) => {
    checkReshape(x, p.shape);
    const y = backend.empty(p.shape);
    // A flat copy: the whole tensor as one block of a [1, 1, size] view.
    const vec4 = x.size % 4 === 0;
    const inner = vec4 ? x.size / 4 : x.size;
    backend.dispatch({
      kernel: 'shape.copy',
      shader: copyWgsl,
      entryPoint: vec4 ? 'copy_axis_vec4' : 'copy_axis',
      uniforms: [u32(1), u32(inner), u32(1), u32(0), u32(1), u32(0), u32(1), u32(inner)],
      inputs: [x],
      outputs: [y],
      workgroups: backend.grid1d(inner, WG),
    });
    return y;
  },
});
