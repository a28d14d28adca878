/**
 * Optional refinement of the collect phase's projections (preset `collectRefineSteps`, a deviation for short
 * schedules, docs/METHOD.md): E's projection G(w + dw) is the start, then a few Adam steps on each sample's own w
 * minimise the masked L1 to its pseudo sample. Measured (docs/EVALUATION.md): the generator can show a turned
 * pseudo sample's pose, a briefly trained E cannot; 10-20 w steps bring the projection's pose most of the way, more
 * steps leave the face manifold. GAN2Shape trains E for hundreds of step-2 iterations instead.
 */
import { tidy } from '../../../engine/autograd/tidy';
import { add } from '../../../engine/ops/elementwise';
import { maskedL1 } from '../../../engine/ops/loss';
import { Adam } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import type { MethodGan } from '../../gan/methodGan';
import type { InputLatent } from '../context';
import type { LatentProjector } from '../latentProjection';
import type { PseudoBatch } from '../pseudoSamples';
import { trainIteration } from './trainIteration';

/** Adam's rate on w (the measurement's; the inversion starts at 0.1 from w_avg, this starts near the answer). */
export const REFINE_LEARNING_RATE = 0.05;

/** The projections [B, 3, S, S] of `batch` after `steps` w steps (caller-owned; no tensor left behind). */
export async function refinedProjection(
  gan: MethodGan,
  projector: LatentProjector,
  latent: InputLatent,
  batch: PseudoBatch,
  size: number,
  steps: number,
): Promise<Tensor> {
  const w = tidy(() => add(projector.offset(batch.images), latent.w));
  w.requiresGrad = true;
  const optimizer = new Adam([w], { lr: REFINE_LEARNING_RATE, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  try {
    for (let i = 0; i < steps; i++) {
      await trainIteration(
        gan.backend,
        optimizer,
        () => ({ total: maskedL1(gan.image(w, size), batch.images, batch.masks) }),
        null,
      );
    }
    w.requiresGrad = false;
    return tidy(() => gan.image(w, size));
  } finally {
    optimizer.dispose();
    w.grad?.release();
    w.grad = null;
    w.release();
  }
}
