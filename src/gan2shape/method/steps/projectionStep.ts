/**
 * Step 2 of every stage: the latent-offset encoder E learns to project pseudo samples onto the GAN's image
 * manifold (method-reference sections 4-5). Per iteration a batch of pseudo samples I' (the canonical face
 * relit and warped into random views, no gradient) goes through E -> dw -> G(w + dw) = Ĩ, and
 * L = masked L1(Ĩ, I') + Σ_k masked |D_k(Ĩ) - D_k(I')| + 0.01 mean(dw²); only E trains (G and D are frozen).
 * Snapshots show a fixed set of views (yaw -30..30 deg, the input's light) next to their projections, so the
 * user sees the encoder improve on the same samples.
 */
import { tidy } from '../../../engine/autograd/tidy';
import { add, mul, mulScalar } from '../../../engine/ops/elementwise';
import { maskedL1 } from '../../../engine/ops/loss';
import { mean } from '../../../engine/ops/reduce';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import { discriminatorFeatureLoss } from '../../../gan/engine/featureLoss';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { inputSnapshot } from '../inputSnapshot';
import { renderPseudoSamples } from '../pseudoSamples';
import { drawPseudoBatch, type ProjectionSetup, prepareProjection, pseudoSnapshot, toGanSize } from './projection';
import { type LossReading, trainIteration } from './trainIteration';

/** Yaw angles (degrees) of the snapshot's fixed pseudo samples. */
export const PREVIEW_YAWS = [-30, -10, 10, 30];

export class ProjectionStep implements MethodStep {
  private optimizer: Adam | null = null;
  private setup: ProjectionSetup | null = null;

  constructor(private readonly ctx: MethodContext) {}

  async begin(): Promise<void> {
    this.setup = await prepareProjection(this.ctx, 'Step 2');
    const encoder = this.ctx.nets.latent;
    if (!encoder) throw new Error('Step 2 needs the latent-offset encoder; none was built.');
    this.optimizer = new Adam(encoder.parameters(), { ...METHOD_ADAM, lr: this.ctx.preset.encoderLearningRate });
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    const { optimizer, setup } = this;
    if (!optimizer || !setup) throw new Error('ProjectionStep.iterate() before begin()');
    const { gan, projector, face } = setup;
    const batch = drawPseudoBatch(this.ctx, face, this.ctx.preset.batchSize);
    try {
      return await trainIteration(
        this.ctx.backend,
        optimizer,
        () => {
          const { image, offset } = projector.project(batch.images);
          const l1 = maskedL1(image, batch.images, batch.masks);
          const features = discriminatorFeatureLoss(
            gan.discriminator,
            toGanSize(gan, image),
            toGanSize(gan, batch.images),
            toGanSize(gan, batch.masks),
          );
          const offsetNorm = mean(mul(offset, offset));
          const total = add(add(l1, features), mulScalar(offsetNorm, this.ctx.preset.offsetRegularization));
          return { total, l1, features, offset_norm: offsetNorm };
        },
        { iteration, iterations: phase.iterations, readings: this.ctx.readings },
      );
    } finally {
      batch.images.release();
      batch.masks.release();
    }
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const setup = this.setup;
    if (!setup) throw new Error('ProjectionStep.snapshot() before begin()');
    const snapshot = await inputSnapshot(this.ctx, phase, iteration);
    const views = PREVIEW_YAWS.flatMap((yaw) => [0, (yaw * Math.PI) / 180, 0, 0, 0, 0]);
    const lights = PREVIEW_YAWS.flatMap(() => [setup.face.ka, setup.face.kd, 0, 0]);
    const batch = renderPseudoSamples(setup.face, views, lights);
    const projected = tidy(() => setup.projector.project(batch.images).image);
    snapshot.pseudo = await pseudoSnapshot(batch, projected);
    for (const t of [batch.images, batch.masks, projected]) t.release();
    return snapshot;
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.setup?.release();
    this.setup = null;
  }
}
