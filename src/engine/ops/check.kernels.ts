/**
 * Kernels of the check family: the number of NaN and infinite values of a tensor, added in place to a [1]
 * counter (checks of many tensors share one counter and one readback). Not differentiable: a check, not a
 * computation anything trains through.
 */
import nonFiniteWgsl from '../../../shaders/util/nonfinite_count.wgsl?raw';
import { defineKernel } from '../kernel';
import { countNonFinite } from '../reference/check';
import type { Tensor } from '../tensor';
import { u32 } from '../webgpu/uniforms';

function checkCounter(counter: Tensor): void {
  if (counter.size !== 1) throw new Error(`nonFiniteCount: the counter must hold one value, got ${counter}.`);
}

/** Inputs [x, counter]: counter[0] += number of non-finite values of x. */
export const nonFiniteCountKernel = defineKernel<Record<string, never>, void>({
  name: 'check.nonFiniteCount',
  arity: 2,
  cpu: (backend, [x, counter]) => {
    checkCounter(counter);
    backend.data(counter)[0] += countNonFinite(backend.data(x));
  },
  webgpu: (backend, [x, counter]) => {
    checkCounter(counter);
    if (x === counter) throw new Error('nonFiniteCount: the counter cannot count itself.');
    if (x.size === 0) return;
    backend.dispatch({
      kernel: 'check.nonFiniteCount',
      shader: nonFiniteWgsl,
      uniforms: [u32(x.size)],
      inputs: [x],
      outputs: [counter],
      workgroups: [1],
    });
  },
});
