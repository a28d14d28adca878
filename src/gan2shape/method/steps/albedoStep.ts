/**
 * Step 1 of every stage: the albedo net A fitted to the input (method-reference sections 4-5). The depth, view and
 * light nets run but are frozen, so their outputs (and the renderer's validity mask) are computed once per step;
 * only A's weights move. Loss: inputReconstructionLoss, with the flipped branch where the preset's flip1 says so
 * (GAN2Shape's face configs: never in step 1).
 */
import { tidy } from '../../../engine/autograd/tidy';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { stageFlag } from '../../presets/presets';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { inputMask, inputReconstructionLoss } from '../inputLoss';
import { type InputPrediction, predictAlbedo, predictInput, renderInput } from '../inputPrediction';
import { inputSnapshot } from '../inputSnapshot';
import type { PerceptualTarget } from '../perceptual';
import { shouldReadLosses, trainIteration } from './trainIteration';

interface Frozen {
  /** Depth, view and light of the frozen nets (the albedo is re-predicted every iteration). */
  depth: Tensor;
  view: Tensor;
  light: Tensor;
  /** The validity mask [1, 1, S, S] (both branches' with flip): fixed for the step, as depth and view are. */
  mask: Tensor;
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
    this.flip = stageFlag(preset.flip1, phase.stage);
    this.frozen = tidy(() => {
      const p = predictInput(this.ctx);
      return { depth: p.depth, view: p.view, light: p.light, mask: inputMask(renderInput(p, this.flip)) };
    });
    this.perceptualTarget = perceptual.target(image, this.frozen.mask);
    this.optimizer = new Adam(nets.albedo.parameters(), { ...METHOD_ADAM, lr: preset.learningRate });
  }

  private prediction(f: Frozen): InputPrediction {
    return { depth: f.depth, view: f.view, light: f.light, albedo: predictAlbedo(this.ctx) };
  }

  async iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    const { optimizer, frozen, perceptualTarget } = this;
    if (!optimizer || !frozen || !perceptualTarget) throw new Error('AlbedoStep.iterate() before begin()');
    return trainIteration(
      this.ctx.backend,
      optimizer,
      () => {
        const rec = renderInput(this.prediction(frozen), this.flip);
        return inputReconstructionLoss(rec, this.ctx.image, frozen.mask, frozen.depth, perceptualTarget);
      },
      shouldReadLosses(iteration, phase.iterations),
    );
  }

  snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return inputSnapshot(this.ctx, phase, iteration);
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    if (this.frozen) for (const t of Object.values(this.frozen)) t.release();
    this.frozen = null;
    this.perceptualTarget?.release();
    this.perceptualTarget = null;
  }
}
