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

/** scale * g summed back to `like`'s shape (a plain scaled copy when nothing was broadcast). */
function gradientFor(like: Tensor, g: Tensor, scale: number): Tensor {
  if (sameShape(like.shape, g.shape)) {
    return scale === 1 ? g.backend.clone(g) : affineKernel([g], { scale, shift: 0 });
  }
  return sumToShapeKernel([g], { shape: like.shape, scale });
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
        if (needA) {
          const full = binaryKernel([g, b], { op: 'mul' });
          grads[0] = gradientFor(a, full, 1);
          full.release();
        }
        if (needB) {
          const full = binaryKernel([g, a], { op: 'mul' });
          grads[1] = gradientFor(b, full, 1);
          full.release();
        }
        return grads;
      }
      case 'div': {
        // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -(g/b) * out, reusing the forward output.
        const gOverB = binaryKernel([g, b], { op: 'div' });
        const grads: (Tensor | null)[] = [needA ? gradientFor(a, gOverB, 1) : null, null];
        if (needB) {
          const full = binaryKernel([gOverB, out], { op: 'mul' });
          grads[1] = gradientFor(b, full, -1);
          full.release();
        }
        gOverB.release();
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
  recordOp('affine', [x], y, ([g]) => [affineKernel([g], { scale, shift: 0 })]);
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
