/** Autograd op of the norm family: torch.nn.GroupNorm(groups, C, eps=1e-5, affine=True) on NCHW. */
import { recordOp } from '../autograd/tape';
import type { Tensor } from '../tensor';
import { groupNormBackwardKernel, groupNormForwardKernel } from './norm.kernels';

/** x [N,C,H,W], gamma and beta [C]; the method uses groups = C / 4 everywhere. */
export function groupNorm(x: Tensor, gamma: Tensor, beta: Tensor, groups: number, eps?: number): Tensor {
  const params = { groups, eps };
  const { y, stats } = groupNormForwardKernel([x, gamma, beta], params);
  recordOp('group_norm', [x, gamma, beta], y, ([gy], needs) => {
    const { dx, dgamma, dbeta } = groupNormBackwardKernel([x, gamma, stats, gy], params);
    const grads = [dx, dgamma, dbeta];
    return grads.map((g, i) => {
      if (needs[i]) return g;
      g.release();
      return null;
    });
  });
  // Nothing recorded (no grad needed, or noGrad): the saved statistics have no reader left. When recorded, the
  // tape owns them and frees them with the step.
  if (!y.node) stats.release();
  return y;
}
