/**
 * Whether the GAN covers the input: GAN2Shape learns the shape from what the GAN can draw around the input's
 * latent, so an input the GAN cannot reproduce (a photo given to a model of synthetic faces, a cat to a face
 * model) yields a poor shape however long the run. The inversion's PSNR (I_gan vs the input) tells: below
 * OUT_OF_DOMAIN_PSNR_DB the page says so and names a better model. The threshold sits between the bundled
 * synthetic faces and the bundled photos with the synface-64 model (measurements in docs/METHOD.md).
 */
import type { BundleCategory } from '../../gan/bundle/manifest';

/** dB; I_gan vs the input, images in [-1, 1]. */
export const OUT_OF_DOMAIN_PSNR_DB = 13;

/** True when the inversion reproduces the input too poorly for the model to cover it. NaN counts as poor. */
export function isOutOfDomain(psnr: number, threshold = OUT_OF_DOMAIN_PSNR_DB): boolean {
  return !(psnr >= threshold);
}

/** What the page tells the user to use instead, from the model's declared category. */
export function betterModelAdvice(category: BundleCategory): string {
  const export_ = 'exported with tools/stylegan2/export.py and opened from the model menu';
  if (category === 'synface')
    return (
      'This model was trained on synthetic rendered faces only. For a photo of a face use a face StyleGAN2 (for ' +
      `example a CelebA or FFHQ checkpoint of rosinality's stylegan2-pytorch) ${export_}.`
    );
  return `Use a StyleGAN2 trained on images like this one (its object, framing and style), ${export_}.`;
}
