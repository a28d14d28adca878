/**
 * Kernels of the reduce family: sum over any set of axes (rank <= 4 on the GPU) times a scale, which serves
 * sum, mean, and the adjoint of broadcasting (elementwise backward). Two-level on the GPU: per-workgroup partial
 * sums over chunks of the reduced range, then one more pass over the partials when there is more than one chunk.
 */
import reduceWgsl from '../../../shaders/nn/reduce.wgsl?raw';
import { defineKernel } from '../kernel';
import { normalizeAxes, reducedShape, rowMajorStrides, sumToShape } from '../reference/reduce';
import { formatShape, type Shape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { f32, u32 } from '../webgpu/uniforms';

/** A reduction gets one workgroup per output until the reduced range exceeds this many elements. */
const SINGLE_PASS_MAX = 4096;
/** Target elements per first-pass workgroup (16 per thread) and cap on the partials of one output. */
const CHUNK_TARGET = 4096;
const MAX_CHUNKS = 1024;

export interface SumAxesParams {
  /** Axes to sum over (undefined: all). */
  axes?: readonly number[];
  /** Multiplies the result: 1 for sum, 1/count for mean, -1 to negate. */
  scale: number;
  /** Keep reduced axes with length 1 (else they are dropped; a full reduction then has shape []). */
  keepDims: boolean;
}

export function sumAxesShape(shape: Shape, axes: readonly number[] | undefined, keepDims: boolean): number[] {
  const norm = normalizeAxes(shape.length, axes);
  return keepDims ? reducedShape(shape, norm) : shape.filter((_, i) => !norm.includes(i));
}

function padTo4(shape: Shape, what: string): number[] {
  if (shape.length > 4) throw new Error(`${what}: the GPU reduction supports rank <= 4, got ${formatShape(shape)}.`);
  return [...new Array<number>(4 - shape.length).fill(1), ...shape];
}

/** Encodes out = scale * sum over `axes` of x; `out` has the kept elements in row-major order. */
export function dispatchSum(
  backend: WebGpuBackend,
  x: Tensor,
  axes: readonly number[],
  scale: number,
  out: Tensor,
): void {
  const shape = padTo4(x.shape, 'sum');
  const shift = 4 - x.shape.length;
  const reduced = new Set(axes.map((a) => a + shift));
  const outDims = shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const redDims = shape.map((d, i) => (reduced.has(i) ? d : 1));
  const strides = rowMajorStrides(shape);
  const numOut = sizeOf(outDims);
  const numRed = sizeOf(redDims);
  if (out.size !== numOut) throw new Error(`sum: output ${out} does not hold ${numOut} values.`);
  // Reduced axes after every kept one (ignoring length-1 axes) make the reduced block contiguous: offset(r) = r.
  const lastKept = Math.max(-1, ...shape.map((d, i) => (!reduced.has(i) && d > 1 ? i : -1)));
  const firstReduced = Math.min(4, ...shape.map((d, i) => (reduced.has(i) && d > 1 ? i : 4)));
  const trailing = lastKept < firstReduced;

  let chunks = numRed <= SINGLE_PASS_MAX ? 1 : Math.min(MAX_CHUNKS, Math.ceil(numRed / CHUNK_TARGET));
  const chunkLen = Math.ceil(numRed / chunks);
  chunks = Math.ceil(numRed / chunkLen);
  const pass = (
    input: Tensor,
    target: Tensor,
    p: {
      outDims: number[];
      redDims: number[];
      strides: number[];
      numOut: number;
      numRed: number;
      chunkLen: number;
      chunks: number;
      scale: number;
      trailing: boolean;
    },
  ) => {
    const wg = p.chunkLen >= 1024 ? 256 : 64;
    backend.dispatch({
      kernel: 'reduce.sum',
      shader: reduceWgsl,
      constants: { WG: wg, TRAILING: p.trailing ? 1 : 0 },
      uniforms: [
        ...p.outDims.map(u32),
        ...p.redDims.map(u32),
        ...p.strides.map(u32),
        u32(p.numOut),
        u32(p.numRed),
        u32(p.chunkLen),
        u32(p.chunks),
        f32(p.scale),
      ],
      inputs: [input],
      outputs: [target],
      workgroups: backend.grid1d(p.numOut * p.chunks * wg, wg),
    });
  };
  if (chunks === 1) {
    pass(x, out, { outDims, redDims, strides, numOut, numRed, chunkLen, chunks, scale, trailing });
    return;
  }
  const partial = backend.empty([numOut, chunks]);
  pass(x, partial, { outDims, redDims, strides, numOut, numRed, chunkLen, chunks, scale: 1, trailing });
  pass(partial, out, {
    outDims: [1, 1, numOut, 1],
    redDims: [1, 1, 1, chunks],
    strides: [0, 0, chunks, 1],
    numOut,
    numRed: chunks,
    chunkLen: chunks,
    chunks: 1,
    scale,
    trailing: true,
  });
  partial.release();
}

/** scale * sum of x over `axes`. */
export const sumAxesKernel = defineKernel<SumAxesParams>({
  name: 'reduce.sumAxes',
  arity: 1,
  cpu: (backend, [x], p) => {
    const axes = normalizeAxes(x.shape.length, p.axes);
    const out = sumToShape(backend.data(x), x.shape, reducedShape(x.shape, axes));
    for (let i = 0; i < out.length; i++) out[i] *= p.scale;
    return backend.adopt(out, sumAxesShape(x.shape, axes, p.keepDims));
  },
  webgpu: (backend, [x], p) => {
    const axes = normalizeAxes(x.shape.length, p.axes);
    const out = backend.empty(sumAxesShape(x.shape, axes, p.keepDims));
    dispatchSum(backend, x, axes, p.scale, out);
    return out;
  },
});

export interface SumToShapeParams {
  /** Target shape: x's shape broadcasts from it (it may have lower rank, aligned to the right). */
  shape: Shape;
  scale: number;
}

/** Axes of `from` that a tensor of `to` was broadcast along (the adjoint of broadcasting sums over them). */
export function broadcastAxes(from: Shape, to: Shape): number[] {
  if (to.length > from.length)
    throw new Error(`sumToShape: ${formatShape(to)} has a higher rank than ${formatShape(from)}.`);
  const shift = from.length - to.length;
  const axes: number[] = [];
  from.forEach((d, i) => {
    const t = i < shift ? 1 : to[i - shift];
    if (t !== d && t !== 1)
      throw new Error(`sumToShape: ${formatShape(from)} does not broadcast from ${formatShape(to)}.`);
    if (t === 1 && d !== 1) axes.push(i);
  });
  return axes;
}

/** scale * (x summed back to `shape`): the gradient of an operand that was broadcast. */
export const sumToShapeKernel = defineKernel<SumToShapeParams>({
  name: 'reduce.sumToShape',
  arity: 1,
  cpu: (backend, [x], p) => {
    broadcastAxes(x.shape, p.shape);
    const padded = [...new Array<number>(x.shape.length - p.shape.length).fill(1), ...p.shape];
    const out = sumToShape(backend.data(x), x.shape, padded);
    for (let i = 0; i < out.length; i++) out[i] *= p.scale;
    return backend.adopt(out, p.shape);
  },
  webgpu: (backend, [x], p) => {
    const axes = broadcastAxes(x.shape, p.shape);
    const out = backend.empty(p.shape);
    dispatchSum(backend, x, axes, p.scale, out);
    return out;
  },
});
