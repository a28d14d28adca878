/**
 * The perceptual term of steps 1 and 3. GAN2Shape uses LPIPS-VGG16; this project uses the StyleGAN2
 * discriminator's first four ResBlock features instead (method-reference, "Project decisions": VGG weights cannot
 * be had offline, every checkpoint carries its D). LPIPS's call is LPIPS(Î·m, I·m): both images are masked first.
 * The D only accepts images at the GAN's resolution, so images of another size are resized bilinearly to it.
 */
import { mul } from '../../engine/ops/elementwise';
import { resizeBilinear } from '../../engine/ops/resize';
import type { Tensor } from '../../engine/tensor';
import type { DiscriminatorFeatures } from '../../gan/engine/discriminator';
import { discriminatorFeatureLoss } from '../../gan/engine/featureLoss';

/** A scalar distance between two image batches [N,3,S,S] in [-1,1] under a mask [N,1,S,S]. */
export type PerceptualLoss = (prediction: Tensor, target: Tensor, mask: Tensor) => Tensor;

export function discriminatorPerceptual(d: DiscriminatorFeatures, ganSize: number): PerceptualLoss {
  const toGanSize = (x: Tensor) => (x.shape[2] === ganSize ? x : resizeBilinear(x, ganSize, ganSize));
  return (prediction, target, mask) =>
    discriminatorFeatureLoss(d, toGanSize(mul(prediction, mask)), toGanSize(mul(target, mask)));
}
