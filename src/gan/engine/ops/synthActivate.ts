/**
 * Autograd op of the synth activation family: the fused epilogue of a StyleGAN2 styled conv (demodulation scale,
 * noise injection, bias, leaky ReLU times gain; see synthActivate.reference.ts). One pass instead of four on the
 * generator's hot path. Differentiable w.r.t. x and the demodulation d; noise, its weight and the bias are frozen.
 */
import { recordOp } from '../../../engine/autograd/tape';
import type { Tensor } from '../../../engine/tensor';
import { synthActivateBackwardKernel, synthActivateForwardKernel } from './synthActivate.kernels';
import type { LeakyReluParams } from './synthActivate.reference';

/** y = gain * leaky_relu(x d[n,c] + noiseWeight noise[h,w] + bias[c], slope) for x [N,C,H,W]. */
export function synthActivate(
  x: Tensor,
  d: Tensor,
  noise: Tensor,
  noiseWeight: Tensor,
  bias: Tensor,
  act: LeakyReluParams,
): Tensor {
  for (const [what, t] of [
    ['noise', noise],
    ['noise weight', noiseWeight],
    ['bias', bias],
  ] as const) {
    if (t.requiresGrad) throw new Error(`synthActivate: the ${what} ${t} must be frozen (requiresGrad false).`);
  }
  const inputs = [x, d, noise, noiseWeight, bias];
  const y = synthActivateForwardKernel(inputs, act);
  recordOp('synth_activate', inputs, y, ([g], [needX, needD]) => {
    const { dx, dd } = synthActivateBackwardKernel([...inputs, g], act);
    if (!needX) dx.release();
    if (!needD) dd.release();
    return [needX ? dx : null, needD ? dd : null, null, null, null];
  });
  return y;
}
