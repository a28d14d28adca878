/**
 * Autograd ops of the loss family (method-reference section 4). Each returns a scalar tensor of shape [] that
 * stays on the GPU; read it every N steps, not every step.
 * - maskedL1(a, b, mask): sum(m |a - b|) / sum(m), mask [N,1,H,W] broadcast over channels (or [N,C,H,W]); the
 *   denominator counts the mask once per channel, as GAN2Shape's photometric_loss does. Gradients reach the mask
 *   too when it requires them (the renderer's validity mask can).
 * - maskedL1Groups(a, b, mask, groups): [G], entry g the masked L1 of the g-th group of contiguous samples
 *   (`groups` are sample counts summing to N), in the dispatches of one maskedL1: a step's terms on different
 *   samples (input image and pseudo samples) run as one batch instead of one loss each.
 * - mse(a, b): mean (a - b)^2.
 * - smoothness(x): GAN2Shape's second-order smooth_loss on x [N,C,H,W].
 */
import { recordOp } from '../autograd/tape';
import { groupBounds } from '../reference/loss';
import type { Tensor } from '../tensor';
import {
  type LossOutputs,
  maskedL1BackwardKernel,
  maskedL1Kernel,
  mseBackwardKernel,
  mseKernel,
  smoothnessBackwardKernel,
  smoothnessKernel,
} from './loss.kernels';

/** Keeps the gradients that are wanted and releases the others. */
function keepWanted(grads: readonly Tensor[], needs: readonly boolean[]): (Tensor | null)[] {
  return grads.map((g, i) => {
    if (needs[i]) return g;
    g.release();
    return null;
  });
}

/** The aux value is read only by masked L1's backward; release it as soon as nothing can read it. */
function finish({ loss, aux }: LossOutputs, keepAux: boolean): Tensor {
  if (!keepAux || !loss.node) aux.release();
  return loss;
}

export function maskedL1(a: Tensor, b: Tensor, mask: Tensor): Tensor {
  return maskedL1Op(a, b, mask, undefined);
}

export function maskedL1Groups(a: Tensor, b: Tensor, mask: Tensor, groups: readonly number[]): Tensor {
  return maskedL1Op(a, b, mask, [...groups]);
}

/** Throws (naming shape and groups) unless `groups` split the N samples of `shape`: check before a long forward. */
export function checkLossGroups(shape: readonly number[], groups: readonly number[]): void {
  groupBounds(shape, groups);
}

/** Groups undefined: one group of all samples and a scalar loss (maskedL1); else a loss per group. */
function maskedL1Op(a: Tensor, b: Tensor, mask: Tensor, groups: readonly number[] | undefined): Tensor {
  const out = maskedL1Kernel([a, b, mask], { groups });
  recordOp(groups ? 'masked_l1_groups' : 'masked_l1', [a, b, mask], out.loss, ([g], needs) => {
    const { da, db, dmask } = maskedL1BackwardKernel([a, b, mask, out.loss, out.aux, g], {
      maskGrad: needs[2],
      groups,
    });
    return [...keepWanted([da, db], needs), dmask];
  });
  return finish(out, true);
}

export function mse(a: Tensor, b: Tensor): Tensor {
  const out = mseKernel([a, b], {});
  recordOp('mse', [a, b], out.loss, ([g], needs) => {
    const [da, db] = mseBackwardKernel([a, b, g], {});
    return keepWanted([da, db], needs);
  });
  return finish(out, false);
}

export function smoothness(x: Tensor): Tensor {
  const out = smoothnessKernel([x], {});
  recordOp('smoothness', [x], out.loss, ([g]) => [smoothnessBackwardKernel([x, g], {})]);
  return finish(out, false);
}
