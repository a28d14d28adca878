/**
 * The loss of reconstructing the input image (method-reference section 4, step 1; step 3 adds it to its
 * projected-sample terms): L = L1 + 0.5 perceptual + 0.01 (smooth(depth) + smooth(diffuse shading)), the
 * photometric and perceptual terms under the renderer's validity mask (detached), as GAN2Shape. Every term is
 * returned so the loss plot can show them separately.
 */
import { add, mulScalar } from '../../engine/ops/elementwise';
import { maskedL1, smoothness } from '../../engine/ops/loss';
import type { Tensor } from '../../engine/tensor';
import type { ReconstructionOutput } from '../../render';
import type { PerceptualTarget } from './perceptual';

export const PERCEPTUAL_WEIGHT = 0.5;
export const SMOOTHNESS_WEIGHT = 0.01;

export interface InputLossTerms {
  total: Tensor;
  l1: Tensor;
  perceptual: Tensor;
  smoothness: Tensor;
}

/**
 * `mask` [B,1,S,S] is the renderer's validity mask (detached), the same one `perceptual` was prepared with;
 * `depth` is the canonical depth [B,1,S,S] the reconstruction used (its smoothness is part of the loss even when
 * the depth net is frozen, so step 1 and step 3 report comparable totals).
 */
export function inputReconstructionLoss(
  rec: ReconstructionOutput,
  target: Tensor,
  mask: Tensor,
  depth: Tensor,
  perceptual: PerceptualTarget,
): InputLossTerms {
  const l1 = maskedL1(rec.image, target, mask);
  const perc = perceptual.loss(rec.image);
  const smooth = add(smoothness(depth), smoothness(rec.diffuse));
  const total = add(add(l1, mulScalar(perc, PERCEPTUAL_WEIGHT)), mulScalar(smooth, SMOOTHNESS_WEIGHT));
  return { total, l1, perceptual: perc, smoothness: smooth };
}
