/**
 * Kernels shared by several families: the per-channel sum that bias gradients need (x viewed as
 * [outer, channels, inner] -> [channels]), as a two-level reduction on the GPU.
 */
import sumSource from '../../../shaders/nn/common_sum.wgsl?raw';
import { defineKernel, outputTensor } from '../kernel';
import { sumOuterInner } from '../reference/sum';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { u32 } from '../webgpu/uniforms';
import { activationConstants, type FusedActivation, withFusedActivation } from './matmul.kernels';

const sumWgsl = withFusedActivation(sumSource);

export interface ChannelSumParams {
  outer: number;
  channels: number;
  inner: number;
  /** webgpu: write the sums here (a bias gradient's slot, kernel.ts outputTensor). */
  out?: Tensor | null;
}

/** Elements each first-pass thread sums; the second pass sums the per-chunk partials. */
const CHUNK_LEN = 256;

/** Encodes one pass of the per-channel sum into `out` (the conv dW reduction uses it on its partials). */
export function dispatchSum(
  backend: WebGpuBackend,
  x: Tensor,
  out: Tensor,
  p: ChannelSumParams,
  chunkLen: number,
  chunks: number,
  accumulate = false,
  act: FusedActivation | null = null,
): void {
  backend.dispatch({
    kernel: 'core.channelSum',
    shader: sumWgsl,
    constants: { ACCUMULATE: accumulate ? 1 : 0, ...activationConstants(act) },
    uniforms: [u32(p.outer), u32(p.channels), u32(p.inner), u32(chunkLen), u32(chunks)],
    inputs: [x],
    outputs: [out],
    workgroups: backend.grid1d(chunks * p.channels, 64),
  });
}

export const channelSumKernel = defineKernel<ChannelSumParams>({
  name: 'core.channelSum',
  arity: 1,
  cpu: (backend, [x], p) => {
    checkSize(x, p);
    return backend.adopt(sumOuterInner(backend.data(x), p.outer, p.channels, p.inner), [p.channels]);
  },
  webgpu: (backend, [x], p) => {
    checkSize(x, p);
    const total = p.outer * p.inner;
    const out = outputTensor(backend, p.out, [p.channels]);
    if (total <= CHUNK_LEN) {
      dispatchSum(backend, x, out, p, total, 1);
      return out;
    }
    const chunks = Math.ceil(total / CHUNK_LEN);
    const partial = backend.empty([chunks, p.channels]);
    dispatchSum(backend, x, partial, p, CHUNK_LEN, chunks);
    dispatchSum(backend, partial, out, { outer: chunks, channels: p.channels, inner: 1 }, chunks, 1);
    partial.release();
    return out;
  },
});

function checkSize(x: Tensor, p: ChannelSumParams): void {
  if (x.size !== p.outer * p.channels * p.inner)
    throw new Error(`channelSum: ${x} is not [${p.outer}, ${p.channels}, ${p.inner}].`);
}
