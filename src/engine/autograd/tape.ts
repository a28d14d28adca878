/**
 * Reverse-mode autograd on a tape. `tape.run(fn)` records the ops executed by fn (when gradients are enabled and
 * some input requires them) and owns every tensor created meanwhile. `tape.backward(loss)` walks the records in
 * reverse and accumulates leaf gradients into `leaf.grad` (caller-owned, summed over backward calls until the
 * optimizer's zeroGrad). `tape.free()` releases every intermediate. Frozen parameters (requiresGrad false) get
 * no gradient, but gradients still flow through the ops that use them to their other inputs.
 */

import { formatShape, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { isGradEnabled, noGrad } from './grad-mode';
import type { AutogradNode, BackwardFn } from './node';
import { currentOwner, disown, type OwnedTensor, popOwner, pushOwner, type TensorOwner } from './ownership';

const activeTapes: Tape[] = [];

export class Tape implements TensorOwner {
  private readonly nodes: AutogradNode[] = [];
  private readonly owned = new Set<Tensor>();
  private freed = false;

  /** Runs fn while recording; may be called several times (records append). */
  run<T>(fn: () => T): T {
    this.assertLive();
    activeTapes.push(this);
    pushOwner(this);
    try {
      return fn();
    } finally {
      popOwner(this);
      activeTapes.pop();
    }
  }

  adopt(tensor: OwnedTensor): void {
    this.owned.add(tensor as Tensor);
    tensor.owner = this;
  }

  forget(tensor: OwnedTensor): void {
    this.owned.delete(tensor as Tensor);
  }

  get ownedCount(): number {
    return this.owned.size;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  record(node: AutogradNode): void {
    this.assertLive();
    this.nodes.push(node);
  }

  /**
   * Back-propagates from `output` with upstream gradient `seed` (default: ones, for a scalar loss).
   * The seed, if given, stays the caller's.
   */
  backward(output: Tensor, seed?: Tensor): void {
    this.assertLive();
    if (!output.requiresGrad)
      throw new Error(`backward: ${output} does not require grad (nothing was recorded for it).`);
    if (!seed && output.size !== 1) throw new Error(`backward: ${output} is not a scalar; pass the upstream gradient.`);
    if (seed && !sameShape(seed.shape, output.shape))
      throw new Error(`backward: seed shape ${formatShape(seed.shape)} differs from ${output}.`);
    // Backward closures compute with kernels; noGrad guards against recording if one calls an op.
    this.run(() => noGrad(() => this.propagate(output, seed)));
  }

  private propagate(output: Tensor, seed?: Tensor): void {
    const backend = output.backend;
    const grads = new Map<Tensor, Tensor>();
    // A backward may pass an upstream gradient through as an input's (add: no copy), so one tensor can stand in
    // several entries of `grads` (both operands of an add). `refs` counts the entries and references held while
    // a node is processed; a shared tensor is never accumulated into (copy on write) and is released with its
    // last reference.
    const refs = new Map<Tensor, number>();
    const hold = (g: Tensor): void => {
      refs.set(g, (refs.get(g) ?? 0) + 1);
    };
    const drop = (g: Tensor): void => {
      const left = (refs.get(g) ?? 1) - 1;
      if (left > 0) refs.set(g, left);
      else {
        refs.delete(g);
        g.release();
      }
    };
    const shared = (g: Tensor): boolean => (refs.get(g) ?? 0) > 1;
    /** Adds `grad` (one reference, handed over) to `tensor`'s entry. */
    const addGrad = (tensor: Tensor, grad: Tensor): void => {
      const existing = grads.get(tensor);
      if (!existing) {
        grads.set(tensor, grad);
      } else if (!shared(existing)) {
        backend.accumulate(existing, grad);
        drop(grad);
      } else if (!shared(grad)) {
        backend.accumulate(grad, existing);
        drop(existing);
        grads.set(tensor, grad);
      } else {
        const sum = backend.clone(existing);
        hold(sum);
        backend.accumulate(sum, grad);
        drop(existing);
        drop(grad);
        grads.set(tensor, sum);
      }
    };
    const first = seed ? backend.clone(seed) : backend.full(output.shape, 1);
    hold(first);
    grads.set(output, first);

    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n];
      if (!node.outputs.some((t) => grads.has(t))) continue;
      const created: Tensor[] = [];
      const gradOutputs = node.outputs.map((t) => {
        const g = grads.get(t);
        if (g) return g;
        const zero = backend.zeros(t.shape);
        hold(zero);
        created.push(zero);
        return zero;
      });
      const needsGrad = node.inputs.map((t) => t.requiresGrad);
      // A leaf with a gradient slot whose first gradient this is: the op may write it straight into the slot.
      const into = node.inputs.map((t, i) =>
        t.gradSlot && needsGrad[i] && !t.node && !t.grad && !grads.has(t) && node.inputs.indexOf(t) === i
          ? t.gradSlot.view()
          : null,
      );
      // Input i's gradient so far, private to the tape: the op may add to it in place.
      const addInto = node.inputs.map((t, i) => {
        const existing = grads.get(t);
        return existing && needsGrad[i] && !shared(existing) && node.inputs.indexOf(t) === i ? existing : null;
      });
      const gradInputs = node.backward(gradOutputs, needsGrad, into, addInto);
      if (gradInputs.length !== node.inputs.length) {
        throw new Error(
          `${node.op}.backward returned ${gradInputs.length} gradients for ${node.inputs.length} inputs.`,
        );
      }
      gradInputs.forEach((g, i) => {
        if (!g) return;
        const input = node.inputs[i];
        if (!sameShape(g.shape, input.shape)) {
          throw new Error(
            `${node.op}.backward: gradient ${formatShape(g.shape)} for input ${i} of shape ${formatShape(input.shape)}.`,
          );
        }
      });
      // Every returned gradient is held before any is accumulated (which may drop a shared one).
      // A gradient added in place (addInto) is already in its entry.
      gradInputs.forEach((g, i) => {
        if (g && g !== addInto[i]) hold(g);
      });
      gradInputs.forEach((g, i) => {
        if (!g || g === addInto[i]) return;
        if (needsGrad[i]) addGrad(node.inputs[i], g);
        else drop(g);
      });
      into.forEach((slot, i) => {
        if (slot && gradInputs[i] !== slot) slot.release();
      });
      // Output gradients are consumed: drop them now to keep the peak memory of backward low.
      for (const t of node.outputs) {
        const g = grads.get(t);
        if (g) drop(g);
        grads.delete(t);
      }
      for (const z of created) drop(z);
    }

    for (const [tensor, grad] of grads) {
      if (tensor.node || !tensor.requiresGrad) {
        drop(grad);
      } else if (tensor.grad) {
        backend.accumulate(tensor.grad, grad);
        drop(grad);
      } else if (tensor.gradSlot && !tensor.gradSlot.holds(grad)) {
        // The op could not write into the slot: copy there, so the optimizer finds the gradient packed.
        const slot = tensor.gradSlot.view();
        backend.copyInto(slot, grad);
        drop(grad);
        disown(slot);
        tensor.grad = slot;
      } else if (shared(grad)) {
        // Another leaf has the same tensor: this one gets its own copy (the caller accumulates into leaf grads).
        const own = backend.clone(grad);
        drop(grad);
        disown(own);
        tensor.grad = own;
      } else {
        refs.delete(grad);
        disown(grad);
        tensor.grad = grad;
      }
    }
  }

  /** Releases every tensor the tape owns (intermediates, backward temporaries) and forgets the records. */
  free(): void {
    this.assertLive();
    for (const t of [...this.owned]) if (!t.released) t.release();
    this.owned.clear();
    for (const node of this.nodes) {
      for (const t of node.outputs) {
        // A kept output survives as a plain tensor, not as a leaf that would collect gradients.
        t.node = null;
        t.requiresGrad = false;
      }
    }
    this.nodes.length = 0;
    this.freed = true;
  }

  private assertLive(): void {
    if (this.freed) throw new Error('This tape was freed; start a new Tape for the next step.');
  }
}

/**
 * Called by every op after computing its outputs. Records a node on the innermost running tape when gradients are
 * enabled and some input requires grad; the outputs then require grad too.
 */
export function recordOp(
  op: string,
  inputs: readonly Tensor[],
  outputs: Tensor | readonly Tensor[],
  backward: BackwardFn,
): void {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return;
  const tape = activeTapes[activeTapes.length - 1];
  if (!tape || currentOwner() !== tape) return;
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const node: AutogradNode = { op, inputs: [...inputs], outputs: outs, backward };
  for (const t of outs) {
    t.requiresGrad = true;
    t.node = node;
  }
  tape.record(node);
}
