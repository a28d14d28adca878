/**
 * Whether the GAN covers the input: GAN2Shape learns the shape from what the GAN can draw around the input's
 * latent, so an input the GAN cannot reproduce (a photo given to a model of synthetic faces, a cat to a face
 * model) yields a poor shape however long the run. The inversion's PSNR (I_gan vs the input) tells: below the
 * threshold the page says so and names a better model. The PSNR grows with the inversion's length, so the
 * threshold does too: each sits between the bundled synthetic faces and the bundled photos with the synface-64
 * model at that length (measurements in docs/METHOD.md, `npm run eval:identity -- --inversion-only`).
 */
import type { BundleCategory } from '../../gan/bundle/manifest';

/** dB, I_gan vs the input (images in [-1, 1]): after a short inversion (the `test` preset's 3 steps) ... */
export const OUT_OF_DOMAIN_PSNR_SHORT_DB = 13;
/**
 * ... and after 20 steps or more (`cpu`; `preview` and `paper` invert longer and keep this value): midway between
 * the best photo (13.9) and the worst of the six synthetic faces (16.4).
 */
export const OUT_OF_DOMAIN_PSNR_DB = 15;
/** Inversions with fewer Adam steps than this are judged on the short threshold. */
export const SHORT_INVERSION_STEPS = 20;

export function outOfDomainThreshold(inversionSteps: number): number {
  return inversionSteps < SHORT_INVERSION_STEPS ? OUT_OF_DOMAIN_PSNR_SHORT_DB : OUT_OF_DOMAIN_PSNR_DB;
}

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
