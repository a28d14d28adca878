/**
 * Step 3 of every stage: the depth, albedo, view and light nets trained jointly (method-reference sections 4-5)
 * on the input (the step-1 loss, with the flipped branch where the preset's flip3 says so) plus a batch of the
 * collected projected samples Ĩ_j: each is rendered from the input's depth and albedo in V(Ĩ_j) and L(Ĩ_j) and
 * compared under m_j = validity mask x pseudo mask: L1 + 0.5 perceptual (+ the flipped versions). The masks change
 * with the depth and views every iteration, so the perceptual targets are prepared per iteration.
 */
import { add, mul, mulScalar } from '../../../engine/ops/elementwise';
import { maskedL1, mse } from '../../../engine/ops/loss';
import { flipHorizontal, reshape } from '../../../engine/ops/shape';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { reconstruct } from '../../../render';
import { stageFlag } from '../../presets/presets';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { inputMask, inputReconstructionLoss, PERCEPTUAL_WEIGHT } from '../inputLoss';
import { depthMap, predictInput, renderInput } from '../inputPrediction';
import { inputSnapshot } from '../inputSnapshot';
import type { PerceptualLoss } from '../perceptual';
import type { ProjectedBatch } from '../projectedSamples';
import { lightFromNet, viewFromNet } from '../viewLight';
import { shouldReadLosses, trainIteration } from './trainIteration';

export class JointStep implements MethodStep {
  private optimizer: Adam | null = null;
  private flip = false;

  constructor(private readonly ctx: MethodContext) {}

  begin(phase: Phase): void {
    if (!this.ctx.perceptual) throw new Error('Step 3 needs a GAN model for its perceptual loss; none is loaded.');
    if (!this.ctx.projected?.count) throw new Error('Step 3 needs projected samples: run step 2 and collect first.');
    const { depth, albedo, view, light } = this.ctx.nets;
    const params = [depth, albedo, view, light].flatMap((net) => net.parameters());
    this.optimizer = new Adam(params, { ...METHOD_ADAM, lr: this.ctx.preset.learningRate });
    this.flip = stageFlag(this.ctx.preset.flip3, phase.stage);
  }

  async iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    const { optimizer } = this;
    const { projected, perceptual } = this.ctx;
    if (!optimizer || !projected || !perceptual) throw new Error('JointStep.iterate() before begin()');
    const batch = projected.nextBatch(this.ctx.preset.batchSize, this.ctx.random);
    try {
      return await trainIteration(
        this.ctx.backend,
        optimizer,
        () => {
          const p = predictInput(this.ctx);
          const rec = renderInput(p, this.flip);
          const input = inputReconstructionLoss(rec, this.ctx.image, inputMask(rec), p.depth, perceptual);
          const samples = this.sampleTerms(p.depth, p.albedo, batch, perceptual);
          return {
            ...input,
            total: add(input.total, samples.total),
            sample_l1: samples.l1,
            sample_perceptual: samples.perceptual,
            ...(samples.pose ? { sample_pose: samples.pose } : {}),
          };
        },
        shouldReadLosses(iteration, phase.iterations),
      );
    } finally {
      batch.images.release();
      batch.masks.release();
    }
  }

  /**
   * The projected samples' terms: the input's depth and albedo rendered in each sample's view and light, V(Ĩ) and
   * L(Ĩ), or with knownPseudoPose the pose each was drawn in (and V, L regressed onto it).
   */
  private sampleTerms(depth: Tensor, albedo: Tensor, batch: ProjectedBatch, perceptual: PerceptualLoss) {
    const { images, masks } = batch;
    const { view, light } = this.ctx.nets;
    const [b, , h, w] = images.shape;
    const predictedViews = viewFromNet(view.forward(images));
    const predictedLights = lightFromNet(light.forward(images));
    let views = predictedViews;
    let lights = predictedLights;
    let pose: Tensor | null = null;
    if (this.ctx.preset.knownPseudoPose) {
      views = images.backend.fromArray(batch.views, [b, 6]);
      lights = images.backend.fromArray(batch.lights, [b, 4]);
      pose = add(mse(predictedViews, views), mse(predictedLights, lights));
    }
    const branches = [{ depth, albedo }];
    if (this.flip) branches.push({ depth: flipHorizontal(depth), albedo: flipHorizontal(albedo) });
    const recs = branches.map((x) =>
      reconstruct({ depth: depthMap(x.depth), albedo: x.albedo, light: lights, view: views }),
    );
    // Both branches see the pixels valid in both (GAN2Shape multiplies the masks), times the pseudo mask.
    let mask = masks;
    for (const r of recs) mask = mul(mask, reshape(r.mask, [b, 1, h, w]));
    const target = perceptual.target(images, mask);
    let l1: Tensor | null = null;
    let perc: Tensor | null = null;
    for (const r of recs) {
      const l = maskedL1(r.image, images, mask);
      const q = target.loss(r.image);
      l1 = l1 ? add(l1, l) : l;
      perc = perc ? add(perc, q) : q;
    }
    const l1Sum = l1 as Tensor;
    const percSum = perc as Tensor;
    const total = add(l1Sum, mulScalar(percSum, PERCEPTUAL_WEIGHT));
    return { total: pose ? add(total, pose) : total, l1: l1Sum, perceptual: percSum, pose };
  }

  snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return inputSnapshot(this.ctx, phase, iteration);
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
  }
}
