/**
 * Kernels of the elementwise family: broadcasting add/sub/mul/div (and expand, the forward of broadcasting) with
 * a constant factor alpha, and y = scale * x + shift with scalar constants.
 */
import elementwiseWgsl from '../../../shaders/nn/elementwise.wgsl?raw';
import affineWgsl from '../../../shaders/nn/elementwise_affine.wgsl?raw';
import { defineKernel } from '../kernel';
import { type BinaryOp, binaryForward, broadcastShapes, padShape } from '../reference/elementwise';
import { broadcastTo, rowMajorStrides } from '../reference/reduce';
import { formatShape, type Shape, sameShape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { f32, u32 } from '../webgpu/uniforms';

const OP_CODE: Record<BinaryOp | 'expand', number> = { add: 0, sub: 1, mul: 2, div: 3, expand: 4 };
const WG = 256;

export interface BinaryParams {
  op: BinaryOp;
  /** Multiplies the result (1 for the plain op). */
  alpha?: number;
}

/** Strides of an operand inside a rank-4 output: 0 along the axes it is broadcast over. */
function broadcastStrides(shape: Shape, out4: readonly number[]): number[] {
  const padded = padShape(shape, 4);
  const strides = rowMajorStrides(padded);
  return padded.map((d, i) => (d === 1 && out4[i] !== 1 ? 0 : strides[i]));
}

function dispatchBinary(
  backend: WebGpuBackend,
  op: BinaryOp | 'expand',
  alpha: number,
  a: Tensor,
  b: Tensor | null,
  out: Tensor,
  aShape: Shape = a.shape,
): void {
  if (out.shape.length > 4)
    throw new Error(`elementwise: the GPU kernels support rank <= 4, got ${formatShape(out.shape)}.`);
  const dims = padShape(out.shape, 4);
  const aStrides = broadcastStrides(aShape, dims);
  const bStrides = b ? broadcastStrides(b.shape, dims) : [0, 0, 0, 0];
  const sameShapes = sameShape(aShape, out.shape) && (!b || sameShape(b.shape, out.shape));
  const rowsOk = dims[3] % 4 === 0 && aStrides[3] <= 1 && bStrides[3] <= 1;
  let entryPoint = 'binary';
  let n = out.size;
  if (out.size % 4 === 0 && sameShapes && b) {
    entryPoint = 'binary_vec4';
    n = out.size / 4;
  } else if (rowsOk) {
    entryPoint = 'binary_rows4';
    n = out.size / 4;
  }
  backend.dispatch({
    kernel: 'elementwise.binary',
    shader: elementwiseWgsl,
    entryPoint,
    constants: { OP: OP_CODE[op] },
    uniforms: [...dims.map(u32), ...aStrides.map(u32), ...bStrides.map(u32), u32(n), f32(alpha)],
    inputs: [a, b ?? backend.unusedBinding],
    outputs: [out],
    workgroups: backend.grid1d(n, WG),
  });
}

/** alpha * op(a, b) with broadcasting. */
export const binaryKernel = defineKernel<BinaryParams>({
  name: 'elementwise.binary',
  arity: 2,
  cpu: (backend, [a, b], p) => {
    const { out, shape } = binaryForward(p.op, backend.data(a), a.shape, backend.data(b), b.shape);
    const alpha = p.alpha ?? 1;
    if (alpha !== 1) for (let i = 0; i < out.length; i++) out[i] *= alpha;
    return backend.adopt(out, shape);
  },
  webgpu: (backend, [a, b], p) => {
    const out = backend.empty(broadcastShapes(a.shape, b.shape));
    dispatchBinary(backend, p.op, p.alpha ?? 1, a, b, out);
    return out;
  },
});

export interface ExpandParams {
  shape: Shape;
  alpha?: number;
  /** View x with this shape (same size) before broadcasting, e.g. a reduction's result with its axes reinserted. */
  viewAs?: Shape;
}

function expandSource(x: Tensor, p: ExpandParams): Shape {
  const source = p.viewAs ?? x.shape;
  if (sizeOf(source) !== x.size) throw new Error(`expand: ${x} cannot be viewed as ${formatShape(source)}.`);
  if (!sameShape(broadcastShapes(source, p.shape), p.shape)) {
    throw new Error(`expand: ${formatShape(source)} does not broadcast to ${formatShape(p.shape)}.`);
  }
  return source;
}

/** alpha * x repeated along its length-1 (or missing leading) axes to fill `shape`. */
export const expandKernel = defineKernel<ExpandParams>({
  name: 'elementwise.expand',
  arity: 1,
  cpu: (backend, [x], p) => {
    const source = expandSource(x, p);
    const out = broadcastTo(backend.data(x), padShape(source, p.shape.length), p.shape);
    const alpha = p.alpha ?? 1;
    if (alpha !== 1) for (let i = 0; i < out.length; i++) out[i] *= alpha;
    return backend.adopt(out, p.shape);
  },
  webgpu: (backend, [x], p) => {
    const source = expandSource(x, p);
    const out = backend.empty(p.shape);
    dispatchBinary(backend, 'expand', p.alpha ?? 1, x, null, out, source);
    return out;
  },
});

export interface AffineParams {
  scale: number;
  shift: number;
}

/** scale * x + shift. */
export const affineKernel = defineKernel<AffineParams>({
  name: 'elementwise.affine',
  arity: 1,
  cpu: (backend, [x], p) =>
    backend.adopt(
      backend.data(x).map((v) => p.scale * v + p.shift),
      x.shape,
    ),
  webgpu: (backend, [x], p) => {
    const y = backend.empty(x.shape);
    const vec4 = x.size % 4 === 0;
    const n = vec4 ? x.size / 4 : x.size;
    backend.dispatch({
      kernel: 'elementwise.affine',
      shader: affineWgsl,
      entryPoint: vec4 ? 'affine_vec4' : 'affine',
      uniforms: [u32(n), f32(p.scale), f32(p.shift)],
      inputs: [x],
      outputs: [y],
      workgroups: backend.grid1d(n, WG),
    });
    return y;
  },
});
