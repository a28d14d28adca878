/**
 * GAN2Shape's discriminator feature loss (step 2's loss; this project's perceptual term in steps 1 and 3 too,
 * method-reference "Project decisions"), as gan2shape/losses.py DiscriminatorLoss computes it:
 * Σ_k Σ m_k |D_k(a) − D_k(b)| / Σ m_k, where m_k is the mask average-pooled to feature k's resolution
 * (avg_pool2d with the integer factor = area interpolation) and expanded over the C_k channels (so the
 * denominator counts every channel). Without a mask each term is the plain mean |D_k(a) − D_k(b)|. A mask that is 0
 * everywhere gives NaN, as in PyTorch. Gradients reach a and b (and the mask, if it requires them).
 * The *Groups form returns one such loss per group of contiguous samples ([G]) from one batched D pass, so a
 * step's terms on different images (input and pseudo samples) need one D pass and one loss dispatch per feature.
 */
import { add } from '../../engine/ops/elementwise';
import { checkLossGroups, maskedL1, maskedL1Groups } from '../../engine/ops/loss';
import { resizeArea } from '../../engine/ops/resize';
import type { Tensor } from '../../engine/tensor';
import { DiscriminatorInputError } from './discriminator/errors';
import type { DiscriminatorFeatures } from './discriminator/features';
import { constantFeatures, runScoped } from './discriminator/scoped';

/** The mask [N,1,S,S] averaged over each (S/r)² cell: [N,1,r,r] (area interpolation; the mask itself at r = S). */
export function pooledMask(mask: Tensor, resolution: number): Tensor {
  if (mask.shape[2] === resolution && mask.shape[3] === resolution) return mask;
  return resizeArea(mask, resolution, resolution);
}

function checkInputs(a: Tensor, b: Tensor, mask: Tensor | undefined): void {
  const same = a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
  if (!same)
    throw new DiscriminatorInputError(
      `discriminatorFeatureLoss: a [${a.shape.join(', ')}] and b [${b.shape.join(', ')}] differ in shape.`,
    );
  if (!mask) return;
  const [n, , s] = a.shape;
  const want = [n, 1, s, s];
  if (mask.shape.length !== 4 || mask.shape.some((v, i) => v !== want[i]))
    throw new DiscriminatorInputError(
      `discriminatorFeatureLoss: mask must be [${want.join(', ')}], got [${mask.shape.join(', ')}].`,
    );
}

/** Scalar loss (shape []); a, b [N, 3, S, S] at the discriminator's size, mask [N, 1, S, S] in [0, 1]. */
export function discriminatorFeatureLoss(d: DiscriminatorFeatures, a: Tensor, b: Tensor, mask?: Tensor): Tensor {
  checkInputs(a, b, mask);
  return runScoped(() => featureDistance(d.features(a), b.requiresGrad ? d.features(b) : constantFeatures(d, b), mask));
}

/**
 * The D features of a constant target image, computed once for a loss evaluated against it many times (a step's
 * fixed target): caller-owned when called outside a tape (release each), else the tape's.
 */
export function targetFeatures(d: DiscriminatorFeatures, b: Tensor): Tensor[] {
  return constantFeatures(d, b);
}

/** discriminatorFeatureLoss against features from targetFeatures(): the target's D pass is not repeated. */
export function discriminatorFeatureLossTo(
  d: DiscriminatorFeatures,
  a: Tensor,
  target: readonly Tensor[],
  mask?: Tensor,
): Tensor {
  checkInputs(a, a, mask);
  return runScoped(() => featureDistance(featuresLike(d, a, target, 'discriminatorFeatureLossTo'), target, mask));
}

/**
 * discriminatorFeatureLossTo per group of contiguous samples (`groups`: sample counts summing to N): [G], entry g
 * the loss of a's samples in group g against theirs in `target` (under their mask). One D pass over all of a.
 */
export function discriminatorFeatureLossToGroups(
  d: DiscriminatorFeatures,
  a: Tensor,
  target: readonly Tensor[],
  mask: Tensor | undefined,
  groups: readonly number[],
): Tensor {
  checkInputs(a, a, mask);
  // Before the D pass, so bad groups cost nothing.
  checkLossGroups(a.shape, groups);
  return runScoped(() =>
    featureDistance(featuresLike(d, a, target, 'discriminatorFeatureLossToGroups'), target, mask, (x, y, m) =>
      maskedL1Groups(x, y, m, groups),
    ),
  );
}

/** D features of a, refused unless they match the target's shapes. */
function featuresLike(d: DiscriminatorFeatures, a: Tensor, target: readonly Tensor[], caller: string): Tensor[] {
  const fa = d.features(a);
  if (fa.length !== target.length || fa.some((f, k) => f.shape.some((v, i) => v !== target[k].shape[i])))
    throw new DiscriminatorInputError(
      `${caller}: target features [${target.map((t) => `[${t.shape.join(', ')}]`).join(', ')}] ` +
        `do not match the features of a [${a.shape.join(', ')}].`,
    );
  return fa;
}

/** One feature's term: the masked L1 as a scalar, or one value per group. */
type TermLoss = (fa: Tensor, fb: Tensor, mask: Tensor) => Tensor;

function featureDistance(
  fa: readonly Tensor[],
  fb: readonly Tensor[],
  mask: Tensor | undefined,
  termLoss: TermLoss = maskedL1,
): Tensor {
  let total: Tensor | null = null;
  for (let k = 0; k < fa.length; k++) {
    const [n, , h, w] = fa[k].shape;
    // maskedL1 = Σ m |Δ| / Σ m with m broadcast over channels; an all-ones mask makes it the plain mean.
    const m = mask ? pooledMask(mask, h) : fa[k].backend.full([n, 1, h, w], 1);
    const term = termLoss(fa[k], fb[k], m);
    total = total ? add(total, term) : term;
  }
  return total as Tensor;
}
