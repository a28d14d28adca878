/**
 * The out-of-domain warning: once the inversion has ended, an I_gan far from the input (PSNR below the documented
 * threshold, gan/inversionQuality.ts) means the model does not cover this image and the shape will be poor; the
 * page says so and what model would do, instead of leaving a poor shape unexplained.
 */
import { betterModelAdvice, isOutOfDomain, outOfDomainThreshold } from '../../gan2shape/gan/inversionQuality';
import { PRESETS } from '../../gan2shape/presets/presets';
import { useModel, useModelCategory } from '../modelStore';
import { useSession } from '../sessionStore';

export function OutOfDomainWarning() {
  const gan = useSession((s) => s.gan);
  const runState = useSession((s) => s.runState);
  // The run's preset decides how long the inversion ran, and so which threshold applies.
  const preset = useSession((s) => s.preset);
  const category = useModelCategory();
  const modelName = useModel((s) => (s.status.kind === 'ready' ? s.status.name : null));
  // While the inversion runs its PSNR is still rising: judge its last value only.
  const inverting = gan?.step === 'inversion' && runState === 'running';
  const threshold = outOfDomainThreshold(PRESETS[preset].inversionIterations);
  if (!gan || inverting || !isOutOfDomain(gan.psnr, threshold)) return null;
  return (
    <section
      className="card warning"
      role="alert"
      data-testid="out-of-domain"
      data-psnr={gan.psnr}
      data-threshold={threshold}
    >
      <h2>The model does not cover this image</h2>
      <p>
        The GAN {modelName ? `“${modelName}” ` : ''}reproduces this input only at {gan.psnr.toFixed(1)} dB PSNR (below{' '}
        {threshold} dB after this preset’s inversion): GAN2Shape learns the shape from what the GAN can draw around the
        image, so the recovered shape will be poor whatever the preset.
      </p>
      <p>{betterModelAdvice(category)}</p>
    </section>
  );
}
