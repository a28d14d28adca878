/**
 * conv2d's weight and bias gradients in one kernel (issue 15: no separate channelSum of dy per conv). The bias
 * gradient db[co] = sum over (n, oy, ox) of dy is the weight-gradient GEMM's column for an extra tap whose input
 * is 1, so shaders/nn/conv2d_backward_weight.wgsl's main_bias computes it with the weight taps; with several
 * pixel chunks, reduce_chunks sums both partials in one pass. One dispatch (one chunk) or two, instead of the
 * weight kernel, its chunk sum and one or two channelSum passes.
 */
import backwardWeightWgsl from '../../../shaders/nn/conv2d_backward_weight.wgsl?raw';
import { defineKernel, outputTensor } from '../kernel';
import { conv2dBackwardWeight } from '../reference/conv';
import { sumOuterInner } from '../reference/sum';
import type { Tensor } from '../tensor';
import { backwardDims, type ConvGeometry, convUniforms, weightChunkLength } from './conv.kernels';

export interface WeightBiasParams extends ConvGeometry {
  weightShape: readonly number[];
  /** webgpu: write dw / db here (the parameters' gradient slots, kernel.ts outputTensor). */
  dwOut?: Tensor | null;
  dbOut?: Tensor | null;
}

export interface WeightBiasGradients {
  dw: Tensor;
  db: Tensor;
}

/** dw and db of conv2d(x, w) + bias: inputs [dy, x]. */
export const conv2dBackwardWeightBiasKernel = defineKernel<WeightBiasParams, WeightBiasGradients>({
  name: 'conv2d.backwardWeightBias',
  arity: 2,
  cpu: (backend, [dy, x], p) => {
    const d = backwardDims(dy, { shape: p.weightShape } as Tensor, x.shape, p);
    return {
      dw: backend.adopt(conv2dBackwardWeight(backend.data(dy), backend.data(x), d), p.weightShape),
      db: backend.adopt(sumOuterInner(backend.data(dy), d.n, d.co, d.oh * d.ow), [d.co]),
    };
  },
  webgpu: (backend, [dy, x], p) => {
    const d = backwardDims(dy, { shape: p.weightShape } as Tensor, x.shape, p);
    const pixels = d.n * d.oh * d.ow;
    const chunkLen = weightChunkLength(pixels);
    const chunks = Math.ceil(pixels / chunkLen);
    const taps = d.ci * d.kh * d.kw;
    const dw = outputTensor(backend, p.dwOut, p.weightShape);
    const db = outputTensor(backend, p.dbOut, [d.co]);
    const wpart = chunks === 1 ? dw : backend.empty([chunks, d.co * taps]);
    const bpart = chunks === 1 ? db : backend.empty([chunks, d.co]);
    backend.dispatch({
      kernel: 'conv2d.backwardWeight',
      shader: backwardWeightWgsl,
      entryPoint: 'main_bias',
      uniforms: convUniforms(d, chunkLen),
      inputs: [dy, x],
      outputs: [wpart, bpart],
      // One more tap: the bias column.
      workgroups: [Math.ceil((taps + 1) / 32), Math.ceil(d.co / 32), chunks],
    });
    if (chunks > 1) {
      backend.dispatch({
        kernel: 'conv2d.backwardWeight',
        shader: backwardWeightWgsl,
        entryPoint: 'reduce_chunks',
        uniforms: convUniforms(d, chunks),
        inputs: [wpart, bpart],
        outputs: [dw, db],
        workgroups: backend.grid1d(d.co * taps + d.co, 64),
      });
      wpart.release();
      bpart.release();
    }
    return { dw, db };
  },
});
