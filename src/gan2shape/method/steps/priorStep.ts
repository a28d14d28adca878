/**
 * The prior phase: the depth net D fitted to the ellipsoid prior (MSE on the rescaled depth; Adam lr 1e-4,
 * wd 5e-4), GAN2Shape's initialisation for images without a pretrained D (method-reference section 5).
 */
import { noGrad } from '../../../engine/autograd/grad-mode';
import { mse } from '../../../engine/ops/loss';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import type { Phase, Snapshot } from '../../runner/types';
import { depthFromRaw } from '../depth';
import type { MethodContext, MethodStep } from './context';
import { shouldReadLosses, trainIteration } from './trainIteration';

export class PriorStep implements MethodStep {
  private optimizer: Adam | null = null;
  private prior: Tensor | null = null;

  constructor(private readonly ctx: MethodContext) {}

  begin(): void {
    const { backend, input, depthNet } = this.ctx;
    this.prior = backend.fromArray(input.prior, [1, 1, input.size, input.size]);
    this.optimizer = new Adam(depthNet.parameters(), METHOD_ADAM);
  }

  async iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    const { optimizer, prior } = this;
    if (!optimizer || !prior) throw new Error('PriorStep.iterate() before begin()');
    const { backend, depthNet, image } = this.ctx;
    const read = shouldReadLosses(iteration, phase.iterations);
    const values = await trainIteration(
      backend,
      optimizer,
      () => {
        const total = mse(depthFromRaw(depthNet.forward(image)), prior);
        return { total, prior_mse: total };
      },
      read,
    );
    return values;
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const { depthNet, image, input } = this.ctx;
    const depth = noGrad(() => depthFromRaw(depthNet.forward(image)));
    const values = Float32Array.from(await depth.read());
    depth.release();
    return { stage: phase.stage, step: phase.step, iteration, size: input.size, depth: values };
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.prior?.release();
    this.prior = null;
  }
}
