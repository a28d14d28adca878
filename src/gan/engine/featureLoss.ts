/**
 * GAN2Shape's discriminator feature loss (step 2's loss; this project's perceptual term in steps 1 and 3 too,
 * method-reference "Project decisions"): Σ_k mean |m_k ⊙ D_k(a) − m_k ⊙ D_k(b)|, where m_k is the mask
 * area-pooled to feature k's resolution (F.interpolate(mask, (h, w), mode='area')) and the mean runs over all
 * N·C_k·h·w values (F.l1_loss). Without a mask m_k = 1. Gradients reach a and b (and the mask, if it requires them).
 */
import { add, mul } from '../../engine/ops/elementwise';
import { maskedL1 } from '../../engine/ops/loss';
import { resizeArea } from '../../engine/ops/resize';
import type { Tensor } from '../../engine/tensor';
import { DiscriminatorInputError } from './discriminator/errors';
import type { DiscriminatorFeatures } from './discriminator/features';
import { runScoped } from './discriminator/scoped';

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
  return runScoped(() => {
    const fa = d.features(a);
    const fb = d.features(b);
    let total: Tensor | null = null;
    for (let k = 0; k < fa.length; k++) {
      let pa = fa[k];
      let pb = fb[k];
      const [n, , h, w] = pa.shape;
      if (mask) {
        const m = pooledMask(mask, h);
        pa = mul(pa, m);
        pb = mul(pb, m);
      }
      // maskedL1 with an all-ones mask is the plain mean |pa - pb| over every value.
      const term = maskedL1(pa, pb, a.backend.full([n, 1, h, w], 1));
      total = total ? add(total, term) : term;
    }
    return total as Tensor;
  });
}
