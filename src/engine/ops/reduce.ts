/**
 * Autograd ops of the reduce family: sum and mean over axes (all, per-channel [0,2,3], spatial [2,3], ...).
 * keepDims (default false, as PyTorch) keeps reduced axes with length 1 so the result broadcasts against x.
 */
import { recordOp } from '../autograd/tape';
import { normalizeAxes } from '../reference/reduce';
import type { Tensor } from '../tensor';
import { expandKernel } from './elementwise.kernels';
import { sumAxesKernel } from './reduce.kernels';

export interface ReduceOptions {
  /** Axes to reduce; default all. Negative axes count from the end. */
  axes?: readonly number[];
  keepDims?: boolean;
}

function reduce(kind: 'sum' | 'mean', x: Tensor, options: ReduceOptions): Tensor {
  const axes = normalizeAxes(x.shape.length, options.axes);
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  const scale = kind === 'mean' ? 1 / count : 1;
  const y = sumAxesKernel([x], { axes, scale, keepDims: options.keepDims ?? false });
  recordOp(kind, [x], y, ([g]) => {
    // The reduced axes come back as length 1 so that g broadcasts over them.
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    return [expandKernel([g], { shape: x.shape, alpha: scale, viewAs: kept })];
  });
  return y;
}

export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce('sum', x, options);
}

export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce('mean', x, options);
}
