/**
 * Step 1 of every stage: the albedo net A fitted to the input (method-reference sections 4-5). The depth, view and
 * light nets are frozen, so everything that depends only on them is computed once per step in begin() (issue 15):
 * the renderer's geometry (normals, shading, rasterized depth and mask, inverse-warp grid; reconstructGeometry), the
 * validity mask and the smoothness term. Per iteration only A runs, and the renderer's albedo half (shadeAndWarp):
 * the loss is inputReconstructionLoss's, term for term. With the flipped branch where the preset's flip1 says so
 * (GAN2Shape's face configs: never in step 1), in renderInput's batch layout.
 */
import { tidy } from '../../../engine/autograd/tidy';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { type ReconstructionGeometry, reconstructGeometry, shadeAndWarp } from '../../../render';
import { stageFlag } from '../../presets/presets';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import {
  frozenGeometryInputLoss,
  type InputLossTerms,
  inputMask,
  type SmoothnessTerm,
  smoothnessTerm,
} from '../inputLoss';
import { inputRenderAlbedo, inputRenderBatch, predictAlbedo, predictInput } from '../inputPrediction';
import { inputSnapshot } from '../inputSnapshot';
import type { PerceptualTarget } from '../perceptual';
import { type LossReading, trainIteration } from './trainIteration';

/** What the frozen nets fix for the step (caller-owned, released in end()). */
interface Frozen {
  /** What shadeAndWarp needs of the input's render geometry (both branches with flip), and its light. */
  geometry: Pick<ReconstructionGeometry, 'diffuse' | 'grid'>;
  light: Tensor;
  /** The validity mask [1, 1, S, S] (both branches' with flip). */
  mask: Tensor;
  /** smooth(depth) + smooth(diffuse shading), constant while depth, view and light are. */
  smooth: SmoothnessTerm;
}

export class AlbedoStep implements MethodStep {
  private optimizer: Adam | null = null;
  private frozen: Frozen | null = null;
  private flip = false;
  /** The input under the mask with its D features, computed once per step instead of once per iteration. */
  private perceptualTarget: PerceptualTarget | null = null;

  constructor(private readonly ctx: MethodContext) {}

  begin(phase: Phase): void {
    const { nets, image, preset } = this.ctx;
    const perceptual = this.ctx.perceptual;
    if (!perceptual) throw new Error('Step 1 needs a GAN model for its perceptual loss; none is loaded.');
    const flip = stageFlag(preset.flip1, phase.stage);
    this.flip = flip;
    this.frozen = tidy(() => {
      const p = predictInput(this.ctx);
      const batch = inputRenderBatch(p, flip);
      const geometry = reconstructGeometry(batch);
      return {
        geometry: { diffuse: geometry.diffuse, grid: geometry.grid },
        light: batch.light,
        mask: inputMask(geometry),
        smooth: smoothnessTerm(p.depth, geometry.diffuse),
      };
    });
    this.perceptualTarget = perceptual.target(image, this.frozen.mask);
    this.optimizer = new Adam(nets.albedo.parameters(), { ...METHOD_ADAM, lr: preset.learningRate });
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    const { optimizer } = this;
    if (!optimizer) throw new Error('AlbedoStep.iterate() before begin()');
    return trainIteration(this.ctx.backend, optimizer, () => this.lossTerms(), {
      iteration,
      iterations: phase.iterations,
      readings: this.ctx.readings,
    });
  }

  /** The loss of one iteration at the current weights, on the active tape: A, then shadeAndWarp and the terms. */
  lossTerms(): InputLossTerms {
    const { frozen, perceptualTarget } = this;
    if (!frozen || !perceptualTarget) throw new Error('AlbedoStep.lossTerms() before begin()');
    const albedo = inputRenderAlbedo(predictAlbedo(this.ctx), this.flip);
    const { image } = shadeAndWarp(albedo, frozen.geometry, frozen.light);
    return frozenGeometryInputLoss(image, this.ctx.image, frozen.mask, frozen.smooth, perceptualTarget);
  }

  snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return inputSnapshot(this.ctx, phase, iteration);
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    if (this.frozen) {
      const { geometry, light, mask, smooth } = this.frozen;
      for (const t of [...Object.values(geometry), light, mask, smooth.smoothness, smooth.weighted]) t.release();
    }
    this.frozen = null;
    this.perceptualTarget?.release();
    this.perceptualTarget = null;
  }
}
