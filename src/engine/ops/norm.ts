/**
 * Autograd op of the norm family: torch.nn.GroupNorm(groups, C, eps=1e-5, affine=True) on NCHW, optionally
 * followed by a fused ReLU or LeakyReLU (the method puts one after every GroupNorm): one pass and one tensor less
 * than groupNorm then relu, same values.
 */
import { recordOp } from '../autograd/tape';
import { METHOD_LEAKY_SLOPE } from '../reference/activation';
import type { Tensor } from '../tensor';
import { type GroupNormParams, groupNormBackwardKernel, groupNormForwardKernel } from './norm.kernels';

export interface GroupNormOptions {
  eps?: number;
  /** Fused activation after the affine map. */
  activation?: 'relu' | 'leaky_relu';
  /** LeakyReLU slope (default 0.2, the method's); must be >= 0 when fused. */
  slope?: number;
}

/** x [N,C,H,W], gamma and beta [C]; the method uses groups = C / 4 everywhere. */
export function groupNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  groups: number,
  options: GroupNormOptions = {},
): Tensor {
  const slope = options.activation === 'leaky_relu' ? (options.slope ?? METHOD_LEAKY_SLOPE) : 0;
  const params: GroupNormParams = { groups, eps: options.eps, activation: options.activation, slope };
  const { y, stats } = groupNormForwardKernel([x, gamma, beta], params);
  recordOp(
    options.activation ? `group_norm_${options.activation}` : 'group_norm',
    [x, gamma, beta],
    y,
    ([gy], needs, into) => {
      // The activation's derivative is read from the sign of its output y (slope >= 0), inside the kernel.
      const { dx, dgamma, dbeta } = groupNormBackwardKernel([x, y, gamma, stats, gy], {
        ...params,
        dgammaOut: into[1],
        dbetaOut: into[2],
      });
      return [dx, dgamma, dbeta].map((g, i) => {
        if (needs[i]) return g;
        g.release();
        return null;
      });
    },
  );
  // Nothing recorded (no grad needed, or noGrad): the saved statistics have no reader left. When recorded, the
  // tape owns them and frees them with the step.
  if (!y.node) stats.release();
  return y;
}
