/**
 * Value checks: how many values of a set of tensors are NaN or infinite, as one [1] tensor (read it back once).
 * Used on the weights a step trains: on GPUs that clamp a NaN to a finite value (WGSL allows it) a blown-up weight
 * gives finite, wrong maps and losses, so checking the losses alone would not catch it.
 */
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';
import { nonFiniteCountKernel } from './check.kernels';

export function countNonFinite(backend: Backend, tensors: readonly Tensor[]): Tensor {
  const counter = backend.zeros([1]);
  for (const t of tensors) nonFiniteCountKernel([t, counter], {});
  return counter;
}
