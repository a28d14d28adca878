/**
 * The inversion phase: the input's latent w, optimized from the model's mean w on the engine's generator (with
 * the bundle's fixed noise, as GAN2Shape regenerates every latent), so that I_gan = G(w) matches the input.
 * rosinality's projector.py schedule: Adam, lr 0.1 with a cosine ramp (5 % warm-up, 25 % ramp-down); one w for
 * every style input (W space, as GAN2Shape's latent files). Loss: L1 + the discriminator-feature distance (this
 * project's perceptual term; the projector's LPIPS-VGG cannot be had offline). The projector's noise-map
 * optimisation and latent jitter are left out: GAN2Shape regenerates with the fixed noise anyway (issue #26).
 */
import { tidy } from '../../../engine/autograd/tidy';
import { add } from '../../../engine/ops/elementwise';
import { maskedL1 } from '../../../engine/ops/loss';
import { Adam } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import type { Phase, Snapshot } from '../../runner/types';
import type { MethodContext, MethodStep } from '../context';
import type { PerceptualTarget } from '../perceptual';
import { psnr } from '../psnr';
import { type LossReading, trainIteration } from './trainIteration';

export const INVERSION_LR = 0.1;

/** projector.py's learning-rate schedule at progress t in [0, 1]. */
export function projectorLearningRate(t: number, base = INVERSION_LR, rampDown = 0.25, rampUp = 0.05): number {
  let ramp = Math.min(1, (1 - t) / rampDown);
  ramp = 0.5 - 0.5 * Math.cos(ramp * Math.PI);
  ramp *= Math.min(1, t / rampUp);
  return base * ramp;
}

export class InversionStep implements MethodStep {
  private optimizer: Adam | null = null;
  private w: Tensor | null = null;
  private target: PerceptualTarget | null = null;
  /** All-ones mask [1, 1, S, S]: the inversion fits the whole image. */
  private ones: Tensor | null = null;

  constructor(private readonly ctx: MethodContext) {}

  private gan() {
    const { gan } = this.ctx;
    if (!gan) throw new Error('The inversion needs a GAN model; none is loaded.');
    return gan;
  }

  begin(): void {
    const gan = this.gan();
    const { backend, image } = this.ctx;
    this.w = backend.fromArray(gan.wAvg, [1, gan.styleDim]);
    this.w.requiresGrad = true;
    this.ones = backend.full([1, 1, this.ctx.size, this.ctx.size], 1);
    this.target = gan.perceptual.target(image, this.ones);
    this.optimizer = new Adam([this.w], { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    const { optimizer, w, target, ones } = this;
    if (!optimizer || !w || !target || !ones) throw new Error('InversionStep.iterate() before begin()');
    const gan = this.gan();
    optimizer.setLearningRate(projectorLearningRate(iteration / Math.max(1, phase.iterations)));
    return trainIteration(
      this.ctx.backend,
      optimizer,
      () => {
        const generated = gan.image(w, this.ctx.size);
        const l1 = maskedL1(generated, this.ctx.image, ones);
        const perceptual = target.loss(generated);
        return { total: add(l1, perceptual), l1, perceptual };
      },
      { iteration, iterations: phase.iterations, readings: this.ctx.readings },
    );
  }

  /** I_gan of the current w beside the input, with its PSNR. */
  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const w = this.w;
    if (!w) throw new Error('InversionStep.snapshot() before begin()');
    const { input, size } = this.ctx;
    const ganImage = tidy(() => this.gan().image(w, size));
    const values = Float32Array.from(await ganImage.read());
    ganImage.release();
    return {
      stage: phase.stage,
      step: phase.step,
      iteration,
      size,
      depth: Float32Array.from(input.prior),
      ganImage: values,
      ganPsnr: psnr(values, input.image),
    };
  }

  /** Hands w and I_gan to the later steps. */
  async finish(): Promise<void> {
    const w = this.w;
    if (!w) return;
    this.w = null;
    w.requiresGrad = false;
    w.grad?.release();
    w.grad = null;
    await setInputLatent(this.ctx, w);
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.target?.release();
    this.target = null;
    this.ones?.release();
    this.ones = null;
    this.w?.release();
    this.w = null;
  }
}

/** Makes w [1, D] (taken over) the input's latent: I_gan = clamp(G(w)) at S, and its PSNR. */
export async function setInputLatent(ctx: MethodContext, w: Tensor): Promise<void> {
  const gan = ctx.gan;
  if (!gan) throw new Error('An input latent needs a GAN model; none is loaded.');
  const ganImage = tidy(() => gan.image(w, ctx.size));
  const values = await ganImage.read();
  if (ctx.latent) {
    ctx.latent.w.release();
    ctx.latent.ganImage.release();
  }
  ctx.latent = { w, ganImage, psnr: psnr(values, ctx.input.image) };
}
