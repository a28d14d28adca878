/**
 * The prior phase: the depth net D fitted to the ellipsoid prior (MSE on the rescaled depth, no border; Adam, wd
 * 5e-4, lr 1e-4 in the paper), GAN2Shape's initialisation for images without a pretrained D (method-reference
 * section 5). With the preset's albedoPrior the albedo net is fitted in the same iterations so that the prior
 * depth, shaded under the view and light nets' (untrained, mean) outputs, reproduces the input (MSE of that render
 * against the input), so step 1 starts from an albedo that already resembles the face (a deviation,
 * docs/METHOD.md). Through the renderer, not to the image itself: an albedo equal to the shaded input makes an
 * ambient-only light (k_d = 0) the cheapest reconstruction, and step 3 then switches the shading off.
 */
import { tidy } from '../../../engine/autograd/tidy';
import { add } from '../../../engine/ops/elementwise';
import { mse } from '../../../engine/ops/loss';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import { predictAlbedo, predictDepthNoBorder, renderInput } from '../inputPrediction';
import { lightFromNet, viewFromNet } from '../viewLight';
import { type LossReading, trainIteration } from './trainIteration';

export class PriorStep implements MethodStep {
  private optimizer: Adam | null = null;
  private prior: Tensor | null = null;
  /** The frozen view and light of the albedo fit (albedoPrior). */
  private viewLight: { view: Tensor; light: Tensor } | null = null;

  constructor(private readonly ctx: MethodContext) {}

  begin(): void {
    const { backend, input, nets, size } = this.ctx;
    this.prior = backend.fromArray(input.prior, [1, 1, size, size]);
    if (this.ctx.preset.albedoPrior)
      this.viewLight = tidy(() => ({
        view: viewFromNet(nets.view.forward(this.ctx.image)),
        light: lightFromNet(nets.light.forward(this.ctx.image)),
      }));
    const params = [...nets.depth.parameters(), ...(this.ctx.preset.albedoPrior ? nets.albedo.parameters() : [])];
    this.optimizer = new Adam(params, { ...METHOD_ADAM, lr: this.ctx.preset.priorLearningRate });
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    const { optimizer, prior } = this;
    if (!optimizer || !prior) throw new Error('PriorStep.iterate() before begin()');
    const { backend, image } = this.ctx;
    return trainIteration(
      backend,
      optimizer,
      () => {
        const priorMse = mse(predictDepthNoBorder(this.ctx), prior);
        if (!this.viewLight) return { total: priorMse, prior_mse: priorMse };
        const shaded = renderInput({ depth: prior, albedo: predictAlbedo(this.ctx), ...this.viewLight }, false);
        const albedoMse = mse(shaded.image, image);
        return { total: add(priorMse, albedoMse), prior_mse: priorMse, albedo_mse: albedoMse };
      },
      { iteration, iterations: phase.iterations, readings: this.ctx.readings },
    );
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const { size } = this.ctx;
    const depth = tidy(() => predictDepthNoBorder(this.ctx));
    const values = Float32Array.from(await depth.read());
    depth.release();
    return { stage: phase.stage, step: phase.step, iteration, size, depth: values };
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.prior?.release();
    this.prior = null;
    if (this.viewLight) for (const t of Object.values(this.viewLight)) t.release();
    this.viewLight = null;
  }
}
