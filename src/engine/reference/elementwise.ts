/**
 * Float64 reference for add / sub / mul / div with NumPy broadcasting (shapes right-aligned, length-1 axes repeat).
 * The method's cases: same shape, per-channel [1,C,1,1], per-sample [N,1,1,1], scalar [] or [1], mask [N,1,H,W].
 * Backward sums each operand's gradient back to its own shape (the adjoint of broadcasting).
 */
import { broadcastTo, shapeSize, sumToShape } from './reduce';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** NumPy broadcast of two shapes; throws on a mismatch instead of guessing. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Left-pads a shape with ones to `rank` (how a lower-rank operand lines up under broadcasting). */
export function padShape(shape: readonly number[], rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

function apply(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
  }
}

export interface BinaryResult {
  out: Float64Array;
  shape: number[];
}

export function binaryForward(
  op: BinaryOp,
  a: Float64Array,
  aShape: readonly number[],
  b: Float64Array,
  bShape: readonly number[],
): BinaryResult {
  const shape = broadcastShapes(aShape, bShape);
  const aFull = broadcastTo(a, padShape(aShape, shape.length), shape);
  const bFull = broadcastTo(b, padShape(bShape, shape.length), shape);
  const out = new Float64Array(aFull.length);
  for (let i = 0; i < out.length; i++) out[i] = apply(op, aFull[i], bFull[i]);
  return { out, shape };
}

/** Gradients of both operands, each in its own shape: da = sum(dy * dOut/da), db = sum(dy * dOut/db). */
export function binaryBackward(
  op: BinaryOp,
  a: Float64Array,
  aShape: readonly number[],
  b: Float64Array,
  bShape: readonly number[],
  dy: Float64Array,
): { da: Float64Array; db: Float64Array } {
  const shape = broadcastShapes(aShape, bShape);
  if (dy.length !== shapeSize(shape)) throw new Error(`binary backward: gradient does not match shape [${shape}]`);
  const aPadded = padShape(aShape, shape.length);
  const bPadded = padShape(bShape, shape.length);
  const aFull = broadcastTo(a, aPadded, shape);
  const bFull = broadcastTo(b, bPadded, shape);
  const daFull = new Float64Array(dy.length);
  const dbFull = new Float64Array(dy.length);
  for (let i = 0; i < dy.length; i++) {
    switch (op) {
      case 'add':
        daFull[i] = dy[i];
        dbFull[i] = dy[i];
        break;
      case 'sub':
        daFull[i] = dy[i];
        dbFull[i] = -dy[i];
        break;
      case 'mul':
        daFull[i] = dy[i] * bFull[i];
        dbFull[i] = dy[i] * aFull[i];
        break;
      case 'div':
        daFull[i] = dy[i] / bFull[i];
        dbFull[i] = (-dy[i] * aFull[i]) / (bFull[i] * bFull[i]);
        break;
    }
  }
  return { da: sumToShape(daFull, shape, aPadded), db: sumToShape(dbFull, shape, bPadded) };
}
