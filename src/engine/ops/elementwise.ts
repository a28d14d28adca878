/**
 * Autograd ops of the elementwise family: add / sub / mul / div with NumPy broadcasting (same shape, per-channel
 * [1,C,1,1], per-sample [N,1,1,1], scalar [] or [1], mask [N,1,H,W]), and scalar-constant affine maps.
 * Backward computes each operand's gradient at the broadcast shape and sums it back to the operand's own shape.
 */
import { recordOp } from '../autograd/tape';
import type { BinaryOp } from '../reference/elementwise';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { affineKernel, binaryKernel } from './elementwise.kernels';
import { sumToShapeKernel } from './reduce.kernels';

/**
 * scale * g summed back to `like`'s shape: g itself when nothing was broadcast and scale is 1 (the tape accepts an
 * upstream gradient passed through, BackwardFn), else a new tensor.
 */
function gradientFor(like: Tensor, g: Tensor, scale: number): Tensor {
  if (sameShape(like.shape, g.shape)) {
    return scale === 1 ? g : affineKernel([g], { scale, shift: 0 });
  }
  return sumToShapeKernel([g], { shape: like.shape, scale });
}

/** gradientFor of a tensor the backward made itself: consumed (returned, or released once reduced). */
function reduceOwned(like: Tensor, full: Tensor, scale: number): Tensor {
  const g = gradientFor(like, full, scale);
  if (g !== full) full.release();
  return g;
}

function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const out = binaryKernel([a, b], { op });
  recordOp(op, [a, b], out, ([g], [needA, needB]) => {
    switch (op) {
      case 'add':
        return [needA ? gradientFor(a, g, 1) : null, needB ? gradientFor(b, g, 1) : null];
      case 'sub':
        return [needA ? gradientFor(a, g, 1) : null, needB ? gradientFor(b, g, -1) : null];
      case 'mul': {
        const grads: (Tensor | null)[] = [null, null];
        if (needA) grads[0] = reduceOwned(a, binaryKernel([g, b], { op: 'mul' }), 1);
        if (needB) grads[1] = reduceOwned(b, binaryKernel([g, a], { op: 'mul' }), 1);
        return grads;
      }
      case 'div': {
        // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -(g/b) * out, reusing the forward output.
        const gOverB = binaryKernel([g, b], { op: 'div' });
        const grads: (Tensor | null)[] = [null, null];
        if (needB) grads[1] = reduceOwned(b, binaryKernel([gOverB, out], { op: 'mul' }), -1);
        if (needA) grads[0] = reduceOwned(a, gOverB, 1);
        else gOverB.release();
        return grads;
      }
    }
  });
  return out;
}

export function add(a: Tensor, b: Tensor): Tensor {
  return binary('add', a, b);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  return binary('sub', a, b);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return binary('mul', a, b);
}

export function div(a: Tensor, b: Tensor): Tensor {
  return binary('div', a, b);
}

/** scale * x + shift with constants (e.g. loss weights, 1 + 0.1 * tanh(d)). */
export function affine(x: Tensor, scale: number, shift = 0): Tensor {
  if (!Number.isFinite(scale) || !Number.isFinite(shift))
    throw new Error(`affine: scale ${scale} and shift ${shift} must be finite.`);
  const y = affineKernel([x], { scale, shift });
  // scale 1 (addScalar): the upstream gradient passes through uncopied.
  recordOp('affine', [x], y, ([g]) => [scale === 1 ? g : affineKernel([g], { scale, shift: 0 })]);
  return y;
}

export function mulScalar(x: Tensor, scale: number): Tensor {
  return affine(x, scale, 0);
}

export function addScalar(x: Tensor, shift: number): Tensor {
  return affine(x, 1, shift);
}

export function neg(x: Tensor): Tensor {
  return affine(x, -1, 0);
}
