/**
 * The loss of reconstructing the input image (method-reference section 4, step 1; step 3 adds it to its
 * projected-sample terms): L = L1 + 0.5 perceptual + 0.01 (smooth(depth) + smooth(diffuse shading)), the
 * photometric and perceptual terms under the renderer's validity mask (detached), as GAN2Shape; with the flipped
 * branch also + L1_flip + 0.5 perceptual_flip, both branches under the product of their masks. Every term is
 * returned so the loss plot can show them separately.
 */
import { add, mul, mulScalar } from '../../engine/ops/elementwise';
import { maskedL1, smoothness } from '../../engine/ops/loss';
import { reshape, slice } from '../../engine/ops/shape';
import type { Tensor } from '../../engine/tensor';
import type { ReconstructionOutput } from '../../render';
import type { PerceptualLoss, PerceptualTarget } from './perceptual';

export const PERCEPTUAL_WEIGHT = 0.5;
export const SMOOTHNESS_WEIGHT = 0.01;

export interface InputLossTerms {
  total: Tensor;
  l1: Tensor;
  perceptual: Tensor;
  smoothness: Tensor;
  l1_flip?: Tensor;
  perceptual_flip?: Tensor;
}

/**
 * The validity mask [1, 1, S, S] of a reconstruction of the input (or of its geometry): the renderer's mask of the
 * first branch, times the flipped branch's when there is one (GAN2Shape multiplies them so both branches see the
 * same pixels).
 */
export function inputMask(rec: Pick<ReconstructionOutput, 'mask'>): Tensor {
  const [b, h, w] = rec.mask.shape;
  const m = reshape(rec.mask, [b, 1, h, w]);
  if (b === 1) return m;
  return mul(slice(m, 0, 0, 1), slice(m, 0, 1, 1));
}

/**
 * `rec` is a reconstruction of the input, batch 1 or 2 (flipped branch second); `mask` its inputMask (detached);
 * `depth` the canonical depth [1 or 2, 1, S, S] the reconstruction used (its smoothness is part of the loss even
 * when the depth net is frozen, so step 1 and step 3 report comparable totals). `perceptual` is a target prepared
 * under `mask`, or the loss to prepare one from (when the mask changes every iteration).
 */
export function inputReconstructionLoss(
  rec: ReconstructionOutput,
  target: Tensor,
  mask: Tensor,
  depth: Tensor,
  perceptual: PerceptualTarget | PerceptualLoss,
): InputLossTerms {
  return imageTerms(rec.image, target, mask, perceptual, () => smoothnessTerm(depth, rec.diffuse));
}

/** The smoothness term (smooth(depth) + smooth(diffuse shading)) and its weighted share of the total. */
export interface SmoothnessTerm {
  smoothness: Tensor;
  weighted: Tensor;
}

export function smoothnessTerm(depth: Tensor, diffuse: Tensor): SmoothnessTerm {
  const smooth = add(smoothness(depth), smoothness(diffuse));
  return { smoothness: smooth, weighted: mulScalar(smooth, SMOOTHNESS_WEIGHT) };
}

/**
 * inputReconstructionLoss of `image` (batch 1 or 2, as rec.image there) rendered from frozen depth, view and light
 * (step 1): the smoothness term is a constant of the step, computed once (`smooth`, caller-owned, from the same
 * depth and diffuse shading), so only the image terms run per iteration (trainIteration reads a term it did not
 * make without releasing it).
 */
export function frozenGeometryInputLoss(
  image: Tensor,
  target: Tensor,
  mask: Tensor,
  smooth: SmoothnessTerm,
  perceptual: PerceptualTarget | PerceptualLoss,
): InputLossTerms {
  return imageTerms(image, target, mask, perceptual, () => smooth);
}

/** The terms in inputReconstructionLoss's order of operations (so its values and gradients stay bit for bit). */
function imageTerms(
  image: Tensor,
  target: Tensor,
  mask: Tensor,
  perceptual: PerceptualTarget | PerceptualLoss,
  smoothTerm: () => SmoothnessTerm,
): InputLossTerms {
  const prepared = 'loss' in perceptual ? perceptual : perceptual.target(target, mask);
  const branch = (k: number) => (image.shape[0] === 1 ? image : slice(image, 0, k, 1));
  const l1 = maskedL1(branch(0), target, mask);
  const perc = prepared.loss(branch(0));
  const smooth = smoothTerm();
  let total = add(add(l1, mulScalar(perc, PERCEPTUAL_WEIGHT)), smooth.weighted);
  if (image.shape[0] === 1) return { total, l1, perceptual: perc, smoothness: smooth.smoothness };
  const l1Flip = maskedL1(branch(1), target, mask);
  const percFlip = prepared.loss(branch(1));
  total = add(total, add(l1Flip, mulScalar(percFlip, PERCEPTUAL_WEIGHT)));
  return {
    total,
    l1,
    perceptual: perc,
    smoothness: smooth.smoothness,
    l1_flip: l1Flip,
    perceptual_flip: percFlip,
  };
}
