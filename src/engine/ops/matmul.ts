/**
 * Autograd ops of the matmul family. This file is the template for an op family: compute with kernels, then
 * recordOp with a backward closure that returns one gradient (or null) per input, computed with kernels.
 */
import { recordOp } from '../autograd/tape';
import type { Tensor } from '../tensor';
import { channelSumKernel } from './core.kernels';
import { linearKernel, matmulKernel } from './matmul.kernels';

/** C = A B for 2-D A [M,K], B [K,N]. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const c = matmulKernel([a, b], {});
  recordOp('matmul', [a, b], c, ([gc], [needA, needB]) => [
    needA ? matmulKernel([gc, b], { transB: true }) : null, // dA = dC B^T
    needB ? matmulKernel([a, gc], { transA: true }) : null, // dB = A^T dC
  ]);
  return c;
}

/** nn.Linear: y = x W^T + bias with x [M,K], W [N,K], bias [N] or null. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const y = bias ? linearKernel([x, weight, bias], {}) : matmulKernel([x, weight], { transB: true });
  const inputs = bias ? [x, weight, bias] : [x, weight];
  recordOp('linear', inputs, y, ([gy], needs, into) => {
    const grads: (Tensor | null)[] = [
      needs[0] ? matmulKernel([gy, weight], {}) : null, // dx = dy W
      needs[1] ? matmulKernel([gy, x], { transA: true, out: into[1] }) : null, // dW = dy^T x
    ];
    if (bias) {
      const sizes = { outer: gy.shape[0], channels: gy.shape[1], inner: 1 };
      grads.push(needs[2] ? channelSumKernel([gy], { ...sizes, out: into[2] }) : null);
    }
    return grads;
  });
  return y;
}
