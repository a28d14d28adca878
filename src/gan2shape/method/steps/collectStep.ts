/**
 * The collect phase after every step 2 (GAN2Shape's step2_collect): `collectBatches` no-grad batches of pseudo
 * samples projected by the trained encoder, G(w + E-offset), kept on the device with their pseudo masks as step
 * 3's targets (ProjectedSamples), optionally refined by a few w steps each (preset collectRefineSteps). Each
 * collect replaces the previous stage's samples.
 */
import { tidy } from '../../../engine/autograd/tidy';
import type { Tensor } from '../../../engine/tensor';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { inputSnapshot } from '../inputSnapshot';
import { ProjectedSamples } from '../projectedSamples';
import type { PseudoBatch } from '../pseudoSamples';
import { drawPseudoBatch, type ProjectionSetup, prepareProjection, pseudoSnapshot } from './projection';
import { ProjectionRefiner } from './refineProjection';

export class CollectStep implements MethodStep {
  private setup: ProjectionSetup | null = null;
  /** The latest batch and its projections, for the snapshot. */
  private last: { batch: PseudoBatch; projected: Tensor } | null = null;
  /** The w steps of preset collectRefineSteps, one refiner for the phase (null without them). */
  private refiner: ProjectionRefiner | null = null;

  constructor(private readonly ctx: MethodContext) {}

  async begin(phase: Phase): Promise<void> {
    this.setup = await prepareProjection(this.ctx, 'The collect phase');
    this.ctx.projected?.release();
    this.ctx.projected = new ProjectedSamples(
      this.ctx.backend,
      phase.iterations * this.ctx.preset.batchSize,
      this.ctx.size,
    );
  }

  async iterate(): Promise<undefined> {
    const { setup } = this;
    const store = this.ctx.projected;
    if (!setup || !store) throw new Error('CollectStep.iterate() before begin()');
    const batch = drawPseudoBatch(this.ctx, setup.face, this.ctx.preset.batchSize);
    const steps = this.ctx.preset.collectRefineSteps ?? 0;
    const latent = this.ctx.latent;
    if (steps > 0 && !this.refiner) this.refiner = new ProjectionRefiner(setup.gan, this.ctx.size, steps);
    const projected =
      this.refiner && latent
        ? await this.refiner.refine(setup.projector, latent, batch)
        : tidy(() => setup.projector.project(batch.images).image);
    store.append(projected, batch.masks, batch.views, batch.lights);
    this.releaseLast();
    this.last = { batch, projected };
    this.ctx.backend.flush();
    return undefined;
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const snapshot = await inputSnapshot(this.ctx, phase, iteration);
    if (this.last) snapshot.pseudo = await pseudoSnapshot(this.last.batch, this.last.projected);
    return snapshot;
  }

  private releaseLast(): void {
    if (!this.last) return;
    for (const t of [this.last.batch.images, this.last.batch.masks, this.last.projected]) t.release();
    this.last = null;
  }

  end(): void {
    this.releaseLast();
    this.refiner?.release();
    this.refiner = null;
    this.setup?.release();
    this.setup = null;
  }
}
