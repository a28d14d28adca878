/**
 * Float64 reference for the data-movement ops on NCHW tensors: concat and slice along batch (axis 0) or channel
 * (axis 1), spatial padding (zero or replicate, PyTorch F.pad order left, right, top, bottom) and horizontal flip
 * (torch.flip(x, [3])). Each backward is the adjoint of its forward.
 */
import { checkNchw } from './resize';

export type ConcatAxis = 0 | 1;

function checkAxis(axis: number): asserts axis is ConcatAxis {
  if (axis !== 0 && axis !== 1) throw new Error(`concat/slice run along batch (0) or channel (1), not axis ${axis}`);
}

/** Splits an NCHW tensor view as [outer, axisLength, inner] around `axis`. */
export function axisView(shape: readonly number[], axis: ConcatAxis): { outer: number; length: number; inner: number } {
  const [n, c, h, w] = shape;
  return axis === 0 ? { outer: 1, length: n, inner: c * h * w } : { outer: n, length: c, inner: h * w };
}

export function concatShape(shapes: ReadonlyArray<readonly number[]>, axis: ConcatAxis): number[] {
  checkAxis(axis);
  if (shapes.length === 0) throw new Error('concat needs at least one tensor');
  for (const s of shapes) checkNchw(s, 'concat');
  const out = [...shapes[0]];
  for (const s of shapes.slice(1)) {
    s.forEach((d, i) => {
      if (i !== axis && d !== out[i])
        throw new Error(`concat: shapes [${shapes[0]}] and [${s}] differ off axis ${axis}`);
    });
    out[axis] += s[axis];
  }
  return out;
}

/** Copies `count` slices of the axis from src (starting at srcStart) to dst (starting at dstStart). */
export function copyAxisBlock(
  src: Float64Array,
  srcShape: readonly number[],
  srcStart: number,
  dst: Float64Array,
  dstShape: readonly number[],
  dstStart: number,
  count: number,
  axis: ConcatAxis,
): void {
  const s = axisView(srcShape, axis);
  const d = axisView(dstShape, axis);
  for (let o = 0; o < s.outer; o++) {
    for (let k = 0; k < count; k++) {
      const from = (o * s.length + srcStart + k) * s.inner;
      const to = (o * d.length + dstStart + k) * d.inner;
      for (let i = 0; i < s.inner; i++) dst[to + i] = src[from + i];
    }
  }
}

export function concatForward(
  xs: readonly Float64Array[],
  shapes: ReadonlyArray<readonly number[]>,
  axis: ConcatAxis,
): { out: Float64Array; shape: number[] } {
  const shape = concatShape(shapes, axis);
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let offset = 0;
  xs.forEach((x, i) => {
    copyAxisBlock(x, shapes[i], 0, out, shape, offset, shapes[i][axis], axis);
    offset += shapes[i][axis];
  });
  return { out, shape };
}

export function concatBackward(
  shapes: ReadonlyArray<readonly number[]>,
  axis: ConcatAxis,
  dy: Float64Array,
): Float64Array[] {
  let offset = 0;
  return shapes.map((s) => {
    const part = sliceForward(dy, concatShape(shapes, axis), axis, offset, s[axis]).out;
    offset += s[axis];
    return part;
  });
}

export function sliceShape(shape: readonly number[], axis: ConcatAxis, start: number, length: number): number[] {
  checkAxis(axis);
  checkNchw(shape, 'slice');
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(length) ||
    start < 0 ||
    length < 1 ||
    start + length > shape[axis]
  ) {
    throw new Error(`slice [${start}, ${start + length}) is outside axis ${axis} of length ${shape[axis]}`);
  }
  const out = [...shape];
  out[axis] = length;
  return out;
}

export function sliceForward(
  x: Float64Array,
  shape: readonly number[],
  axis: ConcatAxis,
  start: number,
  length: number,
): { out: Float64Array; shape: number[] } {
  const outShape = sliceShape(shape, axis, start, length);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  copyAxisBlock(x, shape, start, out, outShape, 0, length, axis);
  return { out, shape: outShape };
}

/** The slice's gradient is dy placed back at its window, zero elsewhere. */
export function sliceBackward(
  shape: readonly number[],
  axis: ConcatAxis,
  start: number,
  length: number,
  dy: Float64Array,
): Float64Array {
  const outShape = sliceShape(shape, axis, start, length);
  const dx = new Float64Array(shape.reduce((a, b) => a * b, 1));
  copyAxisBlock(dy, outShape, 0, dx, shape, start, length, axis);
  return dx;
}

export type PadMode = 'zero' | 'replicate';
/** [left, right, top, bottom], as F.pad(x, (left, right, top, bottom)). */
export type Pads = readonly [number, number, number, number];

export function padShape2d(shape: readonly number[], pads: Pads): number[] {
  const { n, c, h, w } = checkNchw(shape, 'pad');
  if (pads.length !== 4 || pads.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new Error(`pad needs four non-negative integers (left, right, top, bottom), got [${pads.join(', ')}]`);
  }
  return [n, c, h + pads[2] + pads[3], w + pads[0] + pads[1]];
}

/** Source index along one axis for an output coordinate, or -1 where zero padding reads nothing. */
function padSource(o: number, before: number, size: number, mode: PadMode): number {
  const i = o - before;
  if (i >= 0 && i < size) return i;
  if (mode === 'zero') return -1;
  return i < 0 ? 0 : size - 1;
}

export function padForward(
  x: Float64Array,
  shape: readonly number[],
  pads: Pads,
  mode: PadMode,
): { out: Float64Array; shape: number[] } {
  const outShape = padShape2d(shape, pads);
  const [n, c, h, w] = shape;
  const [, , oh, ow] = outShape;
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const iy = padSource(oy, pads[2], h, mode);
      for (let ox = 0; ox < ow; ox++) {
        const ix = padSource(ox, pads[0], w, mode);
        out[(p * oh + oy) * ow + ox] = iy < 0 || ix < 0 ? 0 : x[(p * h + iy) * w + ix];
      }
    }
  }
  return { out, shape: outShape };
}

/** Every output pixel sends its gradient to the input pixel it was read from (edges collect the replicated band). */
export function padBackward(shape: readonly number[], pads: Pads, mode: PadMode, dy: Float64Array): Float64Array {
  const [, , oh, ow] = padShape2d(shape, pads);
  const [n, c, h, w] = shape;
  if (dy.length !== n * c * oh * ow) throw new Error('pad backward: gradient does not match the padded shape');
  const dx = new Float64Array(n * c * h * w);
  for (let p = 0; p < n * c; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const iy = padSource(oy, pads[2], h, mode);
      for (let ox = 0; ox < ow; ox++) {
        const ix = padSource(ox, pads[0], w, mode);
        if (iy >= 0 && ix >= 0) dx[(p * h + iy) * w + ix] += dy[(p * oh + oy) * ow + ox];
      }
    }
  }
  return dx;
}

/** Horizontal flip (last axis); it is its own adjoint, so backward is the same function applied to dy. */
export function flipHorizontal(x: Float64Array, shape: readonly number[]): Float64Array {
  const { n, c, h, w } = checkNchw(shape, 'flip');
  if (x.length !== n * c * h * w) throw new Error('flip: data does not fill the shape');
  const out = new Float64Array(x.length);
  for (let row = 0; row < n * c * h; row++) {
    for (let i = 0; i < w; i++) out[row * w + i] = x[row * w + w - 1 - i];
  }
  return out;
}
