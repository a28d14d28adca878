/**
 * Multi-tensor Adam on the webgpu backend: the parameters, their gradients and both moments live in four packed
 * buffers with one slot per parameter at the same offsets (webgpu/packed.ts), so one dispatch updates every
 * parameter (issue 15: one optimizer dispatch per step for a whole net instead of one per tensor).
 *
 * - On construction each parameter's values are copied into its slot once and the parameter tensor takes the
 *   slot as its storage (Tensor.moveStorageFrom: modules keep the same tensor objects); its Tensor.gradSlot makes
 *   the tape write its gradient into the gradient buffer's slot (ops write there directly, others are copied).
 * - step(): parameters with a gradient in their slot are updated by one dispatch per run of consecutive slots
 *   that share a step count (one run, one dispatch, when every parameter has a gradient, the usual case).
 *   PyTorch semantics are kept exactly: a parameter without a gradient is skipped (no decay, no moment update,
 *   its step count stays, so it starts a new run), and a parameter whose gradient or values are elsewhere (a
 *   gradient set by hand, storage moved by a later optimizer) gets its own dispatch on its moment slots.
 * - The gaps between slots are zero in all four buffers and stay zero under the update (g = 0, m = v = 0).
 * - dispose(): the parameters keep their slots (the parameter buffer goes back to the pool when the module
 *   releases its last parameter); the gradient slot hook is removed, gradients already there stay valid until
 *   released; the moments go.
 */
import type { AdamHyper } from '../reference/adam';
import type { GradSlot, Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { PackedBuffer } from '../webgpu/packed';
import { adamKernel } from './adam.kernels';

export class PackedAdamState {
  private readonly values: PackedBuffer;
  private readonly grads: PackedBuffer;
  private readonly m: PackedBuffer;
  private readonly v: PackedBuffer;
  private readonly steps: number[];
  private readonly index = new Map<Tensor, number>();
  private readonly slots: GradSlot[] = [];

  constructor(
    private readonly backend: WebGpuBackend,
    private readonly params: readonly Tensor[],
  ) {
    const shapes = params.map((p) => p.shape);
    this.values = new PackedBuffer(backend, shapes);
    this.grads = new PackedBuffer(backend, shapes);
    this.m = new PackedBuffer(backend, shapes);
    this.v = new PackedBuffer(backend, shapes);
    this.steps = params.map(() => 0);
    params.forEach((p, i) => {
      this.index.set(p, i);
      const slot = this.values.view(i);
      backend.copyInto(slot, p);
      p.moveStorageFrom(slot);
      const gradSlot: GradSlot = { view: () => this.grads.view(i), holds: (t) => this.grads.holds(t, i) };
      this.slots.push(gradSlot);
      p.gradSlot = gradSlot;
    });
  }

  /** Whether every parameter can be packed: webgpu, two or more (one gains nothing), distinct, live. */
  static fits(params: readonly Tensor[]): boolean {
    if (params.length < 2) return false;
    const backend = params[0].backend;
    return (
      backend.kind === 'webgpu' &&
      new Set(params).size === params.length &&
      params.every((p) => p.backend === backend && !p.released)
    );
  }

  step(hyper: AdamHyper): void {
    const runs: [number, number][] = [];
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      this.steps[i]++;
      if (!this.grads.holds(p.grad, i) || !this.values.holds(p, i)) {
        this.single(i, p, p.grad, hyper);
        return;
      }
      const run = runs[runs.length - 1];
      if (run && run[1] === i - 1 && this.steps[run[0]] === this.steps[i]) run[1] = i;
      else runs.push([i, i]);
    });
    for (const [first, last] of runs) {
      const views = [this.values, this.grads, this.m, this.v].map((b) => b.range(first, last));
      adamKernel(views, { ...hyper, step: this.steps[first] });
      for (const t of views) t.release();
    }
  }

  /** One parameter whose values or gradient are not in their slots: its own dispatch on its moment slots. */
  private single(i: number, p: Tensor, grad: Tensor, hyper: AdamHyper): void {
    const m = this.m.view(i);
    const v = this.v.view(i);
    adamKernel([p, grad, m, v], { ...hyper, step: this.steps[i] });
    m.release();
    v.release();
  }

  stepCount(param: Tensor): number {
    const i = this.index.get(param);
    return i === undefined ? 0 : this.steps[i];
  }

  /** Zero moments and step counts (two fills). */
  reset(): void {
    for (const b of [this.m, this.v]) {
      const whole = b.range(0, this.params.length - 1);
      this.backend.fillInPlace(whole, 0);
      whole.release();
    }
    this.steps.fill(0);
  }

  dispose(): void {
    // A later optimizer over the same parameters may have set its own slots: leave those.
    this.params.forEach((p, i) => {
      if (p.gradSlot === this.slots[i]) p.gradSlot = null;
    });
    for (const b of [this.values, this.grads, this.m, this.v]) b.dispose();
  }
}
