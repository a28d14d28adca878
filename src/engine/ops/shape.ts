/**
 * Autograd ops of the shape family on NCHW tensors: concat and slice along batch (0) or channel (1), spatial
 * pad (zero or replicate; pads = [left, right, top, bottom] as F.pad), horizontal flip (torch.flip(x, [3])) and
 * reshape (any ranks, same size, a copy).
 */
import { recordOp } from '../autograd/tape';
import { type ConcatAxis, concatShape, type PadMode, type Pads } from '../reference/shape';
import type { Tensor } from '../tensor';
import {
  copyAxisKernel,
  flipKernel,
  padBackwardKernel,
  padForwardKernel,
  reshapeKernel,
  sliceBackwardKernel,
  sliceKernel,
} from './shape.kernels';

export function concat(xs: readonly Tensor[], axis: ConcatAxis): Tensor {
  const shape = concatShape(
    xs.map((x) => x.shape),
    axis,
  );
  const out = xs[0].backend.empty(shape);
  const starts: number[] = [];
  let offset = 0;
  for (const x of xs) {
    copyAxisKernel([x, out], { axis, srcStart: 0, dstStart: offset, count: x.shape[axis] });
    starts.push(offset);
    offset += x.shape[axis];
  }
  recordOp('concat', xs, out, ([g], needs) =>
    xs.map((x, i) => (needs[i] ? sliceKernel([g], { axis, start: starts[i], length: x.shape[axis] }) : null)),
  );
  return out;
}

export function slice(x: Tensor, axis: ConcatAxis, start: number, length: number): Tensor {
  const params = { axis, start, length };
  const y = sliceKernel([x], params);
  recordOp('slice', [x], y, ([g]) => [sliceBackwardKernel([g], { ...params, inputShape: x.shape })]);
  return y;
}

export function pad(x: Tensor, pads: Pads, mode: PadMode = 'zero'): Tensor {
  const params = { pads, mode };
  const y = padForwardKernel([x], params);
  recordOp(`pad_${mode}`, [x], y, ([g]) => [padBackwardKernel([g], { ...params, inputShape: x.shape })]);
  return y;
}

export function flipHorizontal(x: Tensor): Tensor {
  const y = flipKernel([x], {});
  recordOp('flip', [x], y, ([g]) => [flipKernel([g], {})]);
  return y;
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const y = reshapeKernel([x], { shape });
  recordOp('reshape', [x], y, ([g]) => [reshapeKernel([g], { shape: x.shape })]);
  return y;
}
