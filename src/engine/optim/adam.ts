/**
 * Adam over a list of parameters, PyTorch semantics (torch.optim.Adam with coupled weight decay). reset() drops
 * the moments and step counts (the method resets optimizers between stages). Parameters without a gradient are
 * skipped, as in PyTorch.
 *
 * On the webgpu backend, two or more parameters are packed (packedAdam.ts): the constructor moves them into one
 * buffer, their gradients land in another, and a step is one dispatch for all of them. Otherwise (the float64
 * cpu backend, a single parameter) each parameter has its own moments, created on its first step with a
 * gradient, and its own update.
 */

import type { AdamHyper } from '../reference/adam';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { adamKernel } from './adam.kernels';
import { PackedAdamState } from './packedAdam';

/** The method's defaults (GAN2Shape): lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 5e-4. */
export const METHOD_ADAM: AdamHyper = { lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 5e-4 };

interface Moments {
  m: Tensor;
  v: Tensor;
  step: number;
}

export class Adam {
  readonly hyper: AdamHyper;
  private readonly state = new Map<Tensor, Moments>();
  private readonly packed: PackedAdamState | null;

  constructor(
    readonly params: readonly Tensor[],
    hyper: Partial<AdamHyper> = {},
  ) {
    this.hyper = { ...METHOD_ADAM, ...hyper };
    const { lr, beta1, beta2, eps, weightDecay } = this.hyper;
    if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
      throw new Error(`Invalid Adam hyper-parameters ${JSON.stringify(this.hyper)}.`);
    }
    this.packed = PackedAdamState.fits(params) ? new PackedAdamState(params[0].backend as WebGpuBackend, params) : null;
  }

  /** Updates every parameter that has a gradient (encodes GPU work; nothing is read back). */
  step(): void {
    if (this.packed) {
      this.packed.step(this.hyper);
      return;
    }
    for (const p of this.params) {
      if (!p.grad) continue;
      let s = this.state.get(p);
      if (!s) {
        // Optimizer state outlives any tape that happens to be running.
        s = { m: p.backend.zeros(p.shape).keep(), v: p.backend.zeros(p.shape).keep(), step: 0 };
        this.state.set(p, s);
      }
      s.step++;
      adamKernel([p, p.grad, s.m, s.v], { ...this.hyper, step: s.step });
    }
  }

  /** Changes the learning rate from the next step on (schedules such as the projector's cosine ramp). */
  setLearningRate(lr: number): void {
    if (!(lr >= 0)) throw new Error(`Invalid Adam learning rate ${lr}.`);
    this.hyper.lr = lr;
  }

  /** Releases every parameter's gradient (the next backward starts a new accumulation). */
  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.release();
      p.grad = null;
    }
  }

  /** Forgets the moments and step counts (a fresh optimizer over the same parameters). */
  reset(): void {
    this.packed?.reset();
    for (const s of this.state.values()) {
      s.m.release();
      s.v.release();
    }
    this.state.clear();
  }

  /** Steps taken for one parameter (0 before its first update). */
  stepCount(param: Tensor): number {
    return this.packed ? this.packed.stepCount(param) : (this.state.get(param)?.step ?? 0);
  }

  /** Releases the optimizer's state (the parameters stay the caller's). */
  dispose(): void {
    if (this.packed) this.packed.dispose();
    else this.reset();
  }
}
