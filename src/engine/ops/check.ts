/**
 * Value checks: how many values of a set of tensors are NaN or infinite, as one [1] tensor (read it back once).
 * Used on the weights a step trains: on GPUs that clamp a NaN to a finite value (WGSL allows it) a blown-up weight
 * gives finite, wrong maps and losses, so checking the losses alone would not catch it.
 */
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';
import { PackedBuffer } from '../webgpu/packed';
import { nonFiniteCountKernel } from './check.kernels';

export function countNonFinite(backend: Backend, tensors: readonly Tensor[]): Tensor {
  const counter = backend.zeros([1]);
  const { ranges, rest } = packedRanges(tensors);
  for (const t of [...ranges, ...rest]) nonFiniteCountKernel([t, counter], {});
  for (const t of ranges) t.release();
  return counter;
}

/**
 * Views that fill every slot of a packed buffer exactly once (an optimizer's parameters) are counted as one
 * range, one dispatch instead of one per tensor; the gaps between slots are zeros, so the count is the same.
 */
function packedRanges(tensors: readonly Tensor[]): { ranges: Tensor[]; rest: Tensor[] } {
  const groups = new Map<PackedBuffer, Tensor[]>();
  const rest: Tensor[] = [];
  for (const t of tensors) {
    const owner = t.backend.kind === 'webgpu' && t.storage.kind === 'webgpu' ? t.storage.packed : undefined;
    if (owner instanceof PackedBuffer && owner.slotOf(t) >= 0) groups.set(owner, [...(groups.get(owner) ?? []), t]);
    else rest.push(t);
  }
  const ranges: Tensor[] = [];
  for (const [packed, views] of groups) {
    const slots = new Set(views.map((t) => packed.slotOf(t)));
    const complete = views.length === packed.shapes.length && slots.size === views.length && !packed.disposed;
    if (complete) ranges.push(packed.range(0, views.length - 1));
    else rest.push(...views);
  }
  return { ranges, rest };
}
