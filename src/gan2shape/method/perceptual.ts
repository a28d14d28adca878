/**
 * The perceptual term of steps 1 and 3. GAN2Shape uses LPIPS-VGG16; this project uses the StyleGAN2
 * discriminator's first four ResBlock features instead (method-reference, "Project decisions": VGG weights cannot
 * be had offline, every checkpoint carries its D). LPIPS's call is LPIPS(Î·m, I·m): both images are masked first.
 * The D only accepts images at the GAN's resolution, so images of another size are resized bilinearly to it.
 * A step's target and mask stay fixed over its iterations, so the target's features are computed once.
 */
import { mul } from '../../engine/ops/elementwise';
import { resizeBilinear } from '../../engine/ops/resize';
import type { Tensor } from '../../engine/tensor';
import type { DiscriminatorFeatures } from '../../gan/engine/discriminator';
import {
  discriminatorFeatureLossTo,
  discriminatorFeatureLossToGroups,
  targetFeatures,
} from '../../gan/engine/featureLoss';

/** A constant target image under a fixed mask, ready to be compared with predictions. */
export interface PerceptualTarget {
  /** Scalar distance of prediction [N,3,S,S] (in [-1,1]) to the target, both under the target's mask. */
  loss(prediction: Tensor): Tensor;
  /**
   * The distance per group of contiguous samples (`groups`: sample counts summing to N): [G], masked and resized
   * as loss(). One D pass and one loss dispatch per feature for all groups, so a step's terms share a batch.
   */
  lossGroups(prediction: Tensor, groups: readonly number[]): Tensor;
  release(): void;
}

export interface PerceptualLoss {
  /** target [N,3,S,S] in [-1,1], mask [N,1,S,S]; call outside a tape (the target is kept until release()). */
  target(image: Tensor, mask: Tensor): PerceptualTarget;
}

export function discriminatorPerceptual(d: DiscriminatorFeatures, ganSize: number): PerceptualLoss {
  const toGanSize = (x: Tensor) => (x.shape[2] === ganSize ? x : resizeBilinear(x, ganSize, ganSize));
  return {
    target(image, mask) {
      const masked = mul(image, mask);
      const resized = toGanSize(masked);
      const features = targetFeatures(d, resized);
      if (resized !== masked) resized.release();
      masked.release();
      return {
        loss: (prediction) => discriminatorFeatureLossTo(d, toGanSize(mul(prediction, mask)), features),
        lossGroups: (prediction, groups) =>
          discriminatorFeatureLossToGroups(d, toGanSize(mul(prediction, mask)), features, undefined, groups),
        release: () => {
          for (const f of features) f.release();
        },
      };
    },
  };
}
