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
import { sameShape } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import type { MethodGan } from '../../gan/methodGan';
import type { InputLatent } from '../context';
import type { LatentProjector } from '../latentProjection';
import type { PseudoBatch } from '../pseudoSamples';
import { trainIteration } from './trainIteration';

/** Adam's rate on w (the measurement's; the inversion starts at 0.1 from w_avg, this starts near the answer). */
export const REFINE_LEARNING_RATE = 0.05;

/**
 * Refines one collect batch after another with one w and one Adam for the whole phase (reset per batch, so each
 * batch starts fresh as GAN2Shape's optimizers do): a new Adam per batch would pack a new w into new buffers and
 * create their bind groups every collect iteration. release() when the phase ends.
 */
export class ProjectionRefiner {
  private w: Tensor | null = null;
  private optimizer: Adam | null = null;

  constructor(
    private readonly gan: MethodGan,
    private readonly size: number,
    private readonly steps: number,
  ) {}

  /** The projections [B, 3, S, S] of `batch` after the refiner's w steps (caller-owned). */
  async refine(projector: LatentProjector, latent: InputLatent, batch: PseudoBatch): Promise<Tensor> {
    const start = tidy(() => add(projector.offset(batch.images), latent.w));
    if (!this.w || !this.optimizer || !sameShape(this.w.shape, start.shape)) {
      this.release();
      this.w = start.keep();
      this.w.requiresGrad = true;
      this.optimizer = new Adam([this.w], {
        lr: REFINE_LEARNING_RATE,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0,
      });
    } else {
      this.gan.backend.copyInto(this.w, start);
      start.release();
      this.optimizer.reset();
    }
    const w = this.w;
    w.requiresGrad = true;
    for (let i = 0; i < this.steps; i++) {
      await trainIteration(
        this.gan.backend,
        this.optimizer,
        () => ({ total: maskedL1(this.gan.image(w, this.size), batch.images, batch.masks) }),
        null,
      );
    }
    w.requiresGrad = false;
    return tidy(() => this.gan.image(w, this.size));
  }

  release(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    if (this.w) {
      this.w.grad?.release();
      this.w.grad = null;
      this.w.release();
    }
    this.w = null;
  }
}
