/**
 * Autograd op of the modconv demodulation family: the per-(sample, output channel) coefficients of StyleGAN2's
 * demodulation in the non-fused form (see modconvDemod.reference.ts). The weight energy is a frozen constant.
 */
import { recordOp } from '../../../engine/autograd/tape';
import type { Tensor } from '../../../engine/tensor';
import { demodBackwardKernel, demodForwardKernel } from './modconvDemod.kernels';

/** d [N,O] = rsqrt(style^2 energy^T + eps) for style [N,I] and the frozen energy [O,I] = sum_k W~[o,i,k]^2. */
export function demodulationCoefficients(style: Tensor, energy: Tensor, eps: number): Tensor {
  if (energy.requiresGrad)
    throw new Error(`demodulationCoefficients: the weight energy ${energy} must be frozen (requiresGrad false).`);
  if (!(eps > 0)) throw new Error(`demodulationCoefficients: eps must be positive, got ${eps}.`);
  const d = demodForwardKernel([style, energy], { eps });
  recordOp('modconv_demod', [style, energy], d, ([g]) => [demodBackwardKernel([style, energy, d, g], { eps }), null]);
  return d;
}
