/**
 * Kernels of the conv family. conv2d has three WGSL kernels (forward implicit GEMM, dX as a transposed conv, dW
 * as a split-K GEMM with a two-level reduction); 1x1 stride-1 convs run as a batched matmul. conv_transpose2d
 * reuses them with swapped roles: its forward is conv2d's dX kernel, its dX is conv2d's forward, its dW is
 * conv2d's dW with x and dy exchanged. Its cpu side is an independent scatter-form reference.
 */

import backwardInputWgsl from '../../../shaders/nn/conv2d_backward_input.wgsl?raw';
import backwardWeightWgsl from '../../../shaders/nn/conv2d_backward_weight.wgsl?raw';
import forwardSource from '../../../shaders/nn/conv2d_forward.wgsl?raw';
import forwardTiledSource from '../../../shaders/nn/conv2d_forward_tiled.wgsl?raw';
import { defineKernel, outputTensor } from '../kernel';
import { activationForward } from '../reference/activation';
import {
  type ConvDims,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  convOutputSize,
} from '../reference/conv';
import {
  convTranspose2dBackwardInput,
  convTranspose2dBackwardWeight,
  convTranspose2dForward,
  convTransposeOutputSize,
} from '../reference/conv_transpose';
import { expectRank, formatShape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { u32 } from '../webgpu/uniforms';
import { dispatchSum } from './core.kernels';
import { activationConstants, dispatchMatmul, type FusedActivation, withFusedActivation } from './matmul.kernels';

const forwardWgsl = withFusedActivation(forwardSource);
const forwardTiledWgsl = withFusedActivation(forwardTiledSource);

export interface ConvGeometry {
  stride: number;
  pad: number;
}

function checkGeometry(op: string, g: ConvGeometry): void {
  if (!Number.isInteger(g.stride) || g.stride < 1)
    throw new Error(`${op}: stride must be a positive integer, got ${g.stride}.`);
  if (!Number.isInteger(g.pad) || g.pad < 0)
    throw new Error(`${op}: padding must be a non-negative integer, got ${g.pad}.`);
}

function checkBias(op: string, bias: Tensor | null, channels: number, like: Tensor): void {
  if (!bias) return;
  if (bias.backend !== like.backend) throw new Error(`${op}: bias lives on another backend.`);
  if (bias.shape.length !== 1 || bias.shape[0] !== channels)
    throw new Error(`${op}: bias ${formatShape(bias.shape)} does not match ${channels} output channels.`);
}

/** Geometry of conv2d(x [N,CI,H,W], w [CO,CI,KH,KW]). */
export function conv2dDims(x: Tensor, w: Tensor, g: ConvGeometry): ConvDims {
  checkGeometry('conv2d', g);
  expectRank('conv2d input', x.shape, 4);
  expectRank('conv2d weight', w.shape, 4);
  const [n, ci, h, wd] = x.shape;
  const [co, wci, kh, kw] = w.shape;
  if (wci !== ci)
    throw new Error(
      `conv2d: input ${formatShape(x.shape)} has ${ci} channels, weight ${formatShape(w.shape)} expects ${wci}.`,
    );
  const oh = convOutputSize(h, kh, g.stride, g.pad);
  const ow = convOutputSize(wd, kw, g.stride, g.pad);
  if (oh < 1 || ow < 1) throw new Error(`conv2d: kernel ${kh}x${kw} does not fit the padded ${h}x${wd} input.`);
  return { n, ci, h, w: wd, co, kh, kw, oh, ow, stride: g.stride, pad: g.pad };
}

export function convUniforms(d: ConvDims, chunkLen = 0) {
  return [d.n, d.ci, d.h, d.w, d.co, d.oh, d.ow, d.kh, d.kw, d.stride, d.pad, chunkLen].map(u32);
}

function gpuForward(
  backend: WebGpuBackend,
  x: Tensor,
  w: Tensor,
  bias: Tensor | null,
  d: ConvDims,
  act: FusedActivation | null = null,
): Tensor {
  const y = backend.empty([d.n, d.co, d.oh, d.ow]);
  if (d.kh === 1 && d.kw === 1 && d.stride === 1 && d.pad === 0) {
    // 1x1 conv = per-sample matmul: y[n] [CO, HW] = w [CO, CI] x[n] [CI, HW], bias per row.
    const hw = d.h * d.w;
    dispatchMatmul(backend, {
      a: w,
      b: x,
      bias,
      biasMode: bias ? 1 : 0,
      out: y,
      m: d.co,
      k: d.ci,
      n: hw,
      transA: false,
      transB: false,
      batch: d.n,
      batchStrideA: 0,
      batchStrideB: d.ci * hw,
      batchStrideC: d.co * hw,
      act,
    });
    return y;
  }
  const pixels = d.n * d.oh * d.ow;
  const splits = forwardSplits(pixels, d);
  const chunkLen = Math.ceil(d.ci / splits);
  const slices = Math.ceil(d.ci / chunkLen);
  const target = slices === 1 ? y : backend.empty([slices, pixels * d.co]);
  const tiled = backend.convKernel === 'tiled';
  backend.dispatch({
    kernel: tiled ? 'conv2d.forwardTiled' : 'conv2d.forward',
    shader: tiled ? forwardTiledWgsl : forwardWgsl,
    // With split-K slices the activation comes after their sum.
    constants: { HAS_BIAS: bias ? 1 : 0, ...activationConstants(slices === 1 ? act : null) },
    uniforms: convUniforms(d, chunkLen),
    inputs: [x, w, bias ?? backend.unusedBinding],
    outputs: [target],
    // Both kernels cover 32 pixels x 32 output channels per workgroup.
    workgroups: [Math.ceil(pixels / 32), Math.ceil(d.co / 32), slices],
  });
  if (target !== y) {
    dispatchSum(backend, target, y, { outer: slices, channels: pixels * d.co, inner: 1 }, slices, 1, false, act);
    target.release();
  }
  return y;
}

/** Threads a GPU wants busy before a conv is worth splitting over input channels. */
const TARGET_THREADS = 8192;

/**
 * Split-K factor for the forward conv: convs with few output pixels and long reductions (the 4x4 -> 1x1
 * bottleneck) would leave most of the GPU idle with one thread per 4x4 output block.
 */
function forwardSplits(pixels: number, d: ConvDims): number {
  const threads = Math.ceil(pixels / 4) * Math.ceil(d.co / 4);
  const reduction = d.ci * d.kh * d.kw;
  if (threads >= TARGET_THREADS || reduction < 512) return 1;
  return Math.max(1, Math.min(Math.ceil(TARGET_THREADS / threads), Math.floor(d.ci / 8), 64));
}

/**
 * dX of conv2d (also conv_transpose2d's forward, with an optional bias over dX's channels); with `addTo`, dX is
 * added to that tensor in place (BackwardFn's addInto) and returned.
 */
function gpuBackwardInput(
  backend: WebGpuBackend,
  dy: Tensor,
  w: Tensor,
  bias: Tensor | null,
  d: ConvDims,
  addTo: Tensor | null = null,
): Tensor {
  const dx = addTo ? outputTensor(backend, addTo, [d.n, d.ci, d.h, d.w]) : backend.empty([d.n, d.ci, d.h, d.w]);
  backend.dispatch({
    kernel: 'conv2d.backwardInput',
    shader: backwardInputWgsl,
    constants: { HAS_BIAS: bias ? 1 : 0, ACCUMULATE: addTo ? 1 : 0 },
    uniforms: convUniforms(d),
    inputs: [dy, w, bias ?? backend.unusedBinding],
    outputs: [dx],
    // One thread per (n, iy, column residue mod stride, group of 4 columns): see the shader's header.
    workgroups: [
      Math.ceil((d.n * d.h * d.stride * Math.ceil(Math.ceil(d.w / d.stride) / 4)) / 8),
      Math.ceil(d.ci / 32),
      1,
    ],
  });
  return dx;
}

/** Pixels per dW chunk: enough chunks to fill the GPU, few enough for a one-pass second-level sum. */
export function weightChunkLength(pixels: number): number {
  return Math.max(64, Math.ceil(pixels / 256));
}

function gpuBackwardWeight(
  backend: WebGpuBackend,
  dy: Tensor,
  x: Tensor,
  d: ConvDims,
  out?: Tensor | null,
  accumulate = false,
): Tensor {
  if (accumulate && !out) throw new Error('conv2d backward weight: accumulating needs the output to add to.');
  const pixels = d.n * d.oh * d.ow;
  const chunkLen = weightChunkLength(pixels);
  const chunks = Math.ceil(pixels / chunkLen);
  const taps = d.ci * d.kh * d.kw;
  const dw = outputTensor(backend, out, [d.co, d.ci, d.kh, d.kw]);
  const partial = chunks === 1 ? dw : backend.empty([chunks, d.co * taps]);
  backend.dispatch({
    kernel: 'conv2d.backwardWeight',
    shader: backwardWeightWgsl,
    constants: { ACCUMULATE: accumulate && partial === dw ? 1 : 0 },
    uniforms: convUniforms(d, chunkLen),
    inputs: [dy, x],
    outputs: [partial],
    workgroups: [Math.ceil(taps / 32), Math.ceil(d.co / 32), chunks],
  });
  if (partial !== dw) {
    dispatchSum(backend, partial, dw, { outer: chunks, channels: d.co * taps, inner: 1 }, chunks, 1, accumulate);
    partial.release();
  }
  return dw;
}

export interface Conv2dParams extends ConvGeometry {
  bias: Tensor | null;
  /** Applied to conv + bias in the kernel's store (one dispatch less than a separate activation). */
  activation?: FusedActivation | null;
}

/** y = conv2d(x, w) + bias: inputs [x, w]. */
export const conv2dForwardKernel = defineKernel<Conv2dParams>({
  name: 'conv2d.forward',
  arity: 2,
  cpu: (backend, [x, w], p) => {
    const d = conv2dDims(x, w, p);
    checkBias('conv2d', p.bias, d.co, x);
    const y = conv2dForward(backend.data(x), backend.data(w), p.bias ? backend.data(p.bias) : null, d);
    const out = p.activation ? activationForward(p.activation.kind, y, p.activation.slope) : y;
    return backend.adopt(out, [d.n, d.co, d.oh, d.ow]);
  },
  webgpu: (backend, [x, w], p) => {
    const d = conv2dDims(x, w, p);
    checkBias('conv2d', p.bias, d.co, x);
    return gpuForward(backend, x, w, p.bias, d, p.activation);
  },
});

/** Geometry of conv2d's backward from dy and the input's shape. */
export function backwardDims(dy: Tensor, w: Tensor, inputShape: readonly number[], g: ConvGeometry): ConvDims {
  const d = conv2dDims({ shape: inputShape } as Tensor, w, g);
  if (dy.shape[0] !== d.n || dy.shape[1] !== d.co || dy.shape[2] !== d.oh || dy.shape[3] !== d.ow) {
    throw new Error(
      `conv2d backward: dy ${formatShape(dy.shape)} does not match output [${d.n}, ${d.co}, ${d.oh}, ${d.ow}].`,
    );
  }
  return d;
}

export interface Conv2dBackwardInputParams extends ConvGeometry {
  inputShape: readonly number[];
  /** webgpu: add dx to this tensor in place and return it (BackwardFn's addInto); cpu: a new tensor. */
  addTo?: Tensor | null;
}

/** dx of conv2d: inputs [dy, w]. */
export const conv2dBackwardInputKernel = defineKernel<Conv2dBackwardInputParams>({
  name: 'conv2d.backwardInput',
  arity: 2,
  cpu: (backend, [dy, w], p) => {
    const d = backwardDims(dy, w, p.inputShape, p);
    return backend.adopt(conv2dBackwardInput(backend.data(dy), backend.data(w), d), p.inputShape);
  },
  webgpu: (backend, [dy, w], p) =>
    gpuBackwardInput(backend, dy, w, null, backwardDims(dy, w, p.inputShape, p), p.addTo),
});

/** dw of conv2d: inputs [dy, x], params.weightShape. */
/**
 * webgpu: `out` receives dw (a weight gradient's slot, kernel.ts outputTensor); with `accumulate`, dw is added
 * to what `out` holds (BackwardFn's addInto). The cpu kernels return a new tensor either way.
 */
export interface BackwardWeightParams {
  weightShape: readonly number[];
  out?: Tensor | null;
  accumulate?: boolean;
}

export const conv2dBackwardWeightKernel = defineKernel<ConvGeometry & BackwardWeightParams>({
  name: 'conv2d.backwardWeight',
  arity: 2,
  cpu: (backend, [dy, x], p) => {
    const d = backwardDims(dy, { shape: p.weightShape } as Tensor, x.shape, p);
    return backend.adopt(conv2dBackwardWeight(backend.data(dy), backend.data(x), d), p.weightShape);
  },
  webgpu: (backend, [dy, x], p) =>
    gpuBackwardWeight(
      backend,
      dy,
      x,
      backwardDims(dy, { shape: p.weightShape } as Tensor, x.shape, p),
      p.out,
      p.accumulate,
    ),
});

// ---- conv_transpose2d: x [N,CI,H,W], w [CI,CO,KH,KW] -> y [N,CO,OH,OW] ----

export interface ConvTransposeGeometry extends ConvGeometry {
  outputPadding: number;
}

/**
 * The conv2d geometry whose dX pass is this conv_transpose2d: conv2d's "input" is the transposed conv's output
 * (CO channels, OH x OW) and conv2d's "output" is the transposed conv's input (CI channels, H x W).
 */
export function convTransposeAsConv(x: Tensor, w: Tensor, g: ConvTransposeGeometry): ConvDims {
  checkGeometry('conv_transpose2d', g);
  expectRank('conv_transpose2d input', x.shape, 4);
  expectRank('conv_transpose2d weight', w.shape, 4);
  const [n, ci, h, wd] = x.shape;
  const [wci, co, kh, kw] = w.shape;
  if (wci !== ci)
    throw new Error(
      `conv_transpose2d: input ${formatShape(x.shape)} has ${ci} channels, weight ${formatShape(w.shape)} expects ${wci}.`,
    );
  if (
    !Number.isInteger(g.outputPadding) ||
    g.outputPadding < 0 ||
    (g.outputPadding > 0 && g.outputPadding >= g.stride)
  ) {
    throw new Error(`conv_transpose2d: output padding must be an integer in [0, stride), got ${g.outputPadding}.`);
  }
  const oh = convTransposeOutputSize(h, kh, g.stride, g.pad, g.outputPadding);
  const ow = convTransposeOutputSize(wd, kw, g.stride, g.pad, g.outputPadding);
  if (oh < 1 || ow < 1) throw new Error(`conv_transpose2d: output size ${oh}x${ow} is empty.`);
  // As conv2d: input [n, co, oh, ow], weight [ci(out), co(in), kh, kw], output [n, ci, h, w].
  return { n, ci: co, h: oh, w: ow, co: ci, kh, kw, oh: h, ow: wd, stride: g.stride, pad: g.pad };
}

function transposeDims(c: ConvDims) {
  return {
    n: c.n,
    ci: c.co,
    h: c.oh,
    w: c.ow,
    co: c.ci,
    kh: c.kh,
    kw: c.kw,
    oh: c.h,
    ow: c.w,
    stride: c.stride,
    pad: c.pad,
  };
}

export interface ConvTransposeParams extends ConvTransposeGeometry {
  bias: Tensor | null;
}

export const convTranspose2dForwardKernel = defineKernel<ConvTransposeParams>({
  name: 'convTranspose2d.forward',
  arity: 2,
  cpu: (backend, [x, w], p) => {
    const c = convTransposeAsConv(x, w, p);
    checkBias('conv_transpose2d', p.bias, c.ci, x);
    const y = convTranspose2dForward(
      backend.data(x),
      backend.data(w),
      p.bias ? backend.data(p.bias) : null,
      transposeDims(c),
    );
    return backend.adopt(y, [c.n, c.ci, c.h, c.w]);
  },
  webgpu: (backend, [x, w], p) => {
    const c = convTransposeAsConv(x, w, p);
    checkBias('conv_transpose2d', p.bias, c.ci, x);
    return gpuBackwardInput(backend, x, w, p.bias, c);
  },
});

function checkTransposeGrad(dy: Tensor, c: ConvDims): void {
  const want = [c.n, c.ci, c.h, c.w];
  if (formatShape(dy.shape) !== formatShape(want))
    throw new Error(`conv_transpose2d backward: dy ${formatShape(dy.shape)}, expected ${formatShape(want)}.`);
}

/** dx of conv_transpose2d: inputs [dy, w], params.inputShape = x's shape. */
export const convTranspose2dBackwardInputKernel = defineKernel<
  ConvTransposeGeometry & { inputShape: readonly number[] }
>({
  name: 'convTranspose2d.backwardInput',
  arity: 2,
  cpu: (backend, [dy, w], p) => {
    const c = convTransposeAsConv({ shape: p.inputShape } as Tensor, w, p);
    checkTransposeGrad(dy, c);
    return backend.adopt(
      convTranspose2dBackwardInput(backend.data(dy), backend.data(w), transposeDims(c)),
      p.inputShape,
    );
  },
  webgpu: (backend, [dy, w], p) => {
    const c = convTransposeAsConv({ shape: p.inputShape } as Tensor, w, p);
    checkTransposeGrad(dy, c);
    return gpuForward(backend, dy, w, null, c);
  },
});

/** dw of conv_transpose2d: inputs [dy, x], params.weightShape. */
export const convTranspose2dBackwardWeightKernel = defineKernel<ConvTransposeGeometry & BackwardWeightParams>({
  name: 'convTranspose2d.backwardWeight',
  arity: 2,
  cpu: (backend, [dy, x], p) => {
    const c = convTransposeAsConv(x, { shape: p.weightShape } as Tensor, p);
    checkTransposeGrad(dy, c);
    return backend.adopt(
      convTranspose2dBackwardWeight(backend.data(dy), backend.data(x), transposeDims(c)),
      p.weightShape,
    );
  },
  // conv2d's dW[co', ci', ky, kx] = sum dY'[co'] X'[ci'] with dY' = x (co' = ci) and X' = dy (ci' = co).
  webgpu: (backend, [dy, x], p) =>
    gpuBackwardWeight(
      backend,
      x,
      dy,
      convTransposeAsConv(x, { shape: p.weightShape } as Tensor, p),
      p.out,
      p.accumulate,
    ),
});
