/**
 * The method's steps as a PhaseRunner for Run. Implemented so far: the prior phase, the 1000-step (preset) Adam fit
 * of the depth net D to the ellipsoid prior (MSE on the rescaled depth, lr 1e-4, wd 5e-4, as GAN2Shape's
 * init for images without a pretrained D). Steps 1-3 plug in here as further phases.
 */

import { noGrad } from '../../engine/autograd/grad-mode';
import { Tape } from '../../engine/autograd/tape';
import type { Backend } from '../../engine/backend';
import { mse } from '../../engine/ops/loss';
import { Adam, METHOD_ADAM } from '../../engine/optim/adam';
import { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import { EDDeconv } from '../nets/edDeconv';
import type { Preset } from '../presets/presets';
import type { RunInput } from '../runner/input';
import type { PhaseRunner } from '../runner/run';
import type { Phase, Snapshot } from '../runner/types';
import { depthFromRaw } from './depth';

/** Loss values are read back every this many iterations (never every iteration: a readback stalls the queue). */
const LOSS_READ_EVERY = 5;

export class MethodRunner implements PhaseRunner {
  readonly depthNet: EDDeconv;
  private readonly image: Tensor;
  private readonly prior: Tensor;
  private optimizer: Adam | null = null;

  constructor(
    readonly backend: Backend,
    readonly input: RunInput,
    readonly preset: Preset,
    seed = 0,
  ) {
    const S = input.size;
    this.depthNet = new EDDeconv(backend, new Random(seed), {
      imageSize: S,
      outChannels: 1,
      nf: preset.netWidth,
      outputActivation: 'none',
    });
    this.image = backend.fromArray(input.image, [1, 3, S, S]);
    this.prior = backend.fromArray(input.prior, [1, 1, S, S]);
  }

  supports(step: Phase['step']): boolean {
    return step === 'prior';
  }

  begin(phase: Phase): void {
    if (!this.supports(phase.step)) throw new Error(`The ${phase.step} phase is not available in this build.`);
    // A fresh optimizer at the start of every step, as in the method (moments reset).
    this.optimizer?.reset();
    this.optimizer ??= new Adam(this.depthNet.parameters(), METHOD_ADAM);
  }

  async iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    const optimizer = this.optimizer;
    if (!optimizer) throw new Error('iterate() before begin()');
    const tape = new Tape();
    const loss = tape.run(() => mse(depthFromRaw(this.depthNet.forward(this.image)), this.prior));
    tape.backward(loss);
    optimizer.step();
    optimizer.zeroGrad();
    const read = (iteration + 1) % LOSS_READ_EVERY === 0 || iteration + 1 === phase.iterations;
    if (read) loss.keep();
    tape.free();
    this.backend.flush();
    if (!read) return undefined;
    const value = (await loss.read())[0];
    loss.release();
    return { total: value, prior_mse: value };
  }

  end(): void {
    this.optimizer?.reset();
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const depth = noGrad(() => depthFromRaw(this.depthNet.forward(this.image)));
    const values = Float32Array.from(await depth.read());
    depth.release();
    return { stage: phase.stage, step: phase.step, iteration, size: this.input.size, depth: values };
  }

  release(): void {
    this.end();
    this.image.release();
    this.prior.release();
    this.depthNet.release();
  }
}
