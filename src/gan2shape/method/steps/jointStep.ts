/**
 * Step 3 of every stage: the depth, albedo, view and light nets trained jointly (method-reference sections 4-5)
 * on the input plus a batch of the collected projected samples, the input leading the batch (jointTerms.ts has
 * the loss). A fresh Adam over the four nets per step, as GAN2Shape.
 */
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { stageFlag } from '../../presets/presets';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { inputSnapshot } from '../inputSnapshot';
import { jointTerms } from '../jointTerms';
import { type LossReading, trainIteration } from './trainIteration';

export class JointStep implements MethodStep {
  private optimizer: Adam | null = null;
  private flip = false;
  /** The input's pseudo mask in the batch: all ones [1, 1, S, S] (its validity mask does the masking). */
  private inputMaskOnes: Tensor | null = null;

  constructor(private readonly ctx: MethodContext) {}

  begin(phase: Phase): void {
    if (!this.ctx.perceptual) throw new Error('Step 3 needs a GAN model for its perceptual loss; none is loaded.');
    if (!this.ctx.projected?.count) throw new Error('Step 3 needs projected samples: run step 2 and collect first.');
    const { depth, albedo, view, light } = this.ctx.nets;
    const params = [depth, albedo, view, light].flatMap((net) => net.parameters());
    this.optimizer = new Adam(params, { ...METHOD_ADAM, lr: this.ctx.preset.learningRate });
    this.flip = stageFlag(this.ctx.preset.flip3, phase.stage);
    const [, , h, w] = this.ctx.image.shape;
    this.inputMaskOnes = this.ctx.backend.full([1, 1, h, w], 1).keep();
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    const { optimizer, inputMaskOnes } = this;
    const { projected } = this.ctx;
    if (!optimizer || !projected || !inputMaskOnes) throw new Error('JointStep.iterate() before begin()');
    // The input leads the batch: images [1 + b, 3, S, S], masks [1 + b, 1, S, S] (the input's all ones).
    const batch = projected.nextBatch(this.ctx.preset.batchSize, this.ctx.random, {
      image: this.ctx.image,
      mask: inputMaskOnes,
    });
    try {
      return await trainIteration(
        this.ctx.backend,
        optimizer,
        () => jointTerms(this.ctx, batch, { flip: this.flip, knownPose: this.ctx.preset.knownPseudoPose === true }),
        { iteration, iterations: phase.iterations, readings: this.ctx.readings },
      );
    } finally {
      batch.images.release();
      batch.masks.release();
    }
  }

  snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return inputSnapshot(this.ctx, phase, iteration);
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.inputMaskOnes?.release();
    this.inputMaskOnes = null;
  }
}
