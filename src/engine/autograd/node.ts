/** One recorded op: its inputs, outputs and the closure that maps output gradients to input gradients. */
import type { Tensor } from '../tensor';

/**
 * Receives one gradient per output (same shapes as the outputs) and `needsGrad[i]` (does input i want one).
 * Returns one gradient per input, or null where none is needed. Returned tensors are new tensors, or one of
 * `gradOutputs` passed through unchanged (add's gradient: no copy); the tape takes them over (accumulates and
 * releases them), copying a tensor shared by two inputs only before accumulating into it.
 *
 * `into[i]`, where given, is where input i's gradient should go (a leaf's slot in an optimizer's packed gradient
 * buffer, Tensor.gradSlot): a backward that can write its kernel's output there does so, fully overwriting it,
 * and returns `into[i]` itself; one that cannot ignores it and the tape copies (one dispatch more).
 *
 * `addInto[i]`, where given, is input i's gradient so far (the op's input is used twice, e.g. a net run on two
 * batches): a backward that can add its kernel's result to it in place does so and returns `addInto[i]`; one
 * that cannot ignores it (the tape accumulates, one dispatch more). Never both for one input.
 */
export type BackwardFn = (
  gradOutputs: readonly Tensor[],
  needsGrad: readonly boolean[],
  into: readonly (Tensor | null)[],
  addInto: readonly (Tensor | null)[],
) => readonly (Tensor | null)[];

export interface AutogradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly backward: BackwardFn;
}
