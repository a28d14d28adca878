/**
 * Float64 reference for sum and mean over a set of axes (row-major, any rank). Results keep the reduced axes with
 * length 1 (PyTorch's keepdim=True), which is the shape that broadcasts back against the input; callers that want
 * them dropped reshape. Per-channel statistics of an NCHW tensor reduce axes [0, 2, 3], spatial ones [2, 3].
 */

export type ReduceKind = 'sum' | 'mean';

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Validates and sorts axes; `undefined` means every axis. Negative axes count from the end. */
export function normalizeAxes(rank: number, axes?: readonly number[]): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const seen = new Set<number>();
  for (const a of axes) {
    const axis = a < 0 ? a + rank : a;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`axis ${a} out of range for rank ${rank}`);
    if (seen.has(axis)) throw new Error(`axis ${a} repeated`);
    seen.add(axis);
  }
  return [...seen].sort((x, y) => x - y);
}

export function reducedShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function checkLength(x: Float64Array, shape: readonly number[], what: string): void {
  if (x.length !== shapeSize(shape)) {
    throw new Error(`${what}: ${x.length} values do not fill shape [${shape.join(', ')}]`);
  }
}

/** Offset of `index` (given in `fromShape`) inside a tensor of `toShape` whose length-1 axes broadcast. */
function broadcastOffset(flat: number, fromShape: readonly number[], toShape: readonly number[], toStrides: number[]) {
  let rest = flat;
  let offset = 0;
  for (let axis = fromShape.length - 1; axis >= 0; axis--) {
    const coord = rest % fromShape[axis];
    rest = (rest - coord) / fromShape[axis];
    if (toShape[axis] !== 1) offset += coord * toStrides[axis];
  }
  return offset;
}

/** Sums x over the axes where `targetShape` has length 1 (same rank): the adjoint of broadcasting. */
export function sumToShape(x: Float64Array, shape: readonly number[], targetShape: readonly number[]): Float64Array {
  checkLength(x, shape, 'sumToShape');
  if (targetShape.length !== shape.length) {
    throw new Error(`sumToShape: rank ${shape.length} cannot reduce to rank ${targetShape.length}`);
  }
  targetShape.forEach((d, i) => {
    if (d !== 1 && d !== shape[i]) throw new Error(`sumToShape: [${shape}] does not broadcast from [${targetShape}]`);
  });
  const out = new Float64Array(shapeSize(targetShape));
  const targetStrides = rowMajorStrides(targetShape);
  for (let i = 0; i < x.length; i++) out[broadcastOffset(i, shape, targetShape, targetStrides)] += x[i];
  return out;
}

/** Repeats x (of `smallShape`, length-1 axes broadcasting) to fill `shape`: the adjoint of sumToShape. */
export function broadcastTo(x: Float64Array, smallShape: readonly number[], shape: readonly number[]): Float64Array {
  checkLength(x, smallShape, 'broadcastTo');
  const out = new Float64Array(shapeSize(shape));
  const smallStrides = rowMajorStrides(smallShape);
  for (let i = 0; i < out.length; i++) out[i] = x[broadcastOffset(i, shape, smallShape, smallStrides)];
  return out;
}

export interface ReduceResult {
  out: Float64Array;
  shape: number[];
}

export function reduceForward(
  kind: ReduceKind,
  x: Float64Array,
  shape: readonly number[],
  axes?: readonly number[],
): ReduceResult {
  const norm = normalizeAxes(shape.length, axes);
  const outShape = reducedShape(shape, norm);
  const out = sumToShape(x, shape, outShape);
  if (kind === 'mean') {
    const count = shapeSize(shape) / shapeSize(outShape);
    for (let i = 0; i < out.length; i++) out[i] /= count;
  }
  return { out, shape: outShape };
}

/** dy has the reduced (keepdim) shape; every input element receives its output's gradient (divided by the count). */
export function reduceBackward(
  kind: ReduceKind,
  shape: readonly number[],
  axes: readonly number[] | undefined,
  dy: Float64Array,
): Float64Array {
  const outShape = reducedShape(shape, normalizeAxes(shape.length, axes));
  const dx = broadcastTo(dy, outShape, shape);
  if (kind === 'mean') {
    const scale = shapeSize(outShape) / shapeSize(shape);
    for (let i = 0; i < dx.length; i++) dx[i] *= scale;
  }
  return dx;
}
