/**
 * Kernels of the loss family: masked L1, MSE and the second-order smoothness loss, each to a scalar of shape []
 * through a two-level reduction, with backward kernels that read the upstream gradient from the GPU.
 * Forward kernels also return `aux` [1]: the sum of the broadcast mask (masked L1's denominator; 0 otherwise).
 * Masked L1 also takes `groups` (sample counts of contiguous groups): then loss and aux are [G], one value per
 * group, from the same dispatches (workgroup_id.y = group), so a step's loss terms can run as one batch.
 */
import lossWgsl from '../../../shaders/nn/loss.wgsl?raw';
import { defineKernel } from '../kernel';
import {
  checkMaskShape,
  groupBounds,
  maskedL1GroupsBackward,
  maskedL1GroupsForward,
  mseBackward,
  mseForward,
  smoothnessBackward,
  smoothnessCounts,
  smoothnessForward,
} from '../reference/loss';
import { checkNchw } from '../reference/resize';
import { formatShape, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import type { UniformField } from '../webgpu/uniforms';
import { f32, u32 } from '../webgpu/uniforms';

const WG = 256;
/** Elements per first-pass workgroup (16 per thread) and the cap on chunks the finishing workgroup sums. */
const CHUNK_TARGET = 4096;
const MAX_CHUNKS = 4096;
/**
 * Up to this many elements a loss is one workgroup's single pass (64 px x 3 channels x batch 2 = 24,576; 64 px
 * batch 16 = 196,608 also fits). Past it the two-level reduction spreads the reads over many workgroups.
 */
export const SINGLE_PASS_MAX = 1 << 18;

export type LossKind = 'masked_l1' | 'mse' | 'smoothness';
const MODE: Record<LossKind, number> = { masked_l1: 0, mse: 1, smoothness: 2 };

export interface LossOutputs {
  loss: Tensor;
  aux: Tensor;
}

interface LossDims {
  n: number;
  channels: number;
  hw: number;
  maskChannels: number;
  h: number;
  w: number;
  weights: [number, number, number];
  /** Sample boundaries of the groups, [0, ..., samples]: group g is samples [bounds[g], bounds[g + 1]). */
  bounds: number[];
}

/** Boundary slots in the WGSL Params (array<vec4u, 4>): MAX_LOSS_GROUPS + 1 of them are used. */
const BOUND_SLOTS = 16;

/**
 * Chunks of the two-level reduction: the chunk length of the whole input (so one group gives the same chunks as
 * before groups existed) and, per group, as many chunks as the largest group needs (at most MAX_CHUNKS).
 */
function chunking(d: LossDims): { chunkLen: number; chunks: number } {
  const chunks = Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(d.n / CHUNK_TARGET)));
  const chunkLen = Math.ceil(d.n / chunks);
  const perSample = d.n / d.bounds[d.bounds.length - 1];
  let largest = 0;
  for (let g = 0; g + 1 < d.bounds.length; g++)
    largest = Math.max(largest, (d.bounds[g + 1] - d.bounds[g]) * perSample);
  return { chunkLen, chunks: Math.ceil(largest / chunkLen) };
}

function groupCount(d: LossDims): number {
  return d.bounds.length - 1;
}

function uniforms(d: LossDims): UniformField[] {
  const { chunkLen, chunks } = chunking(d);
  const bounds = Array.from({ length: BOUND_SLOTS }, (_, k) => d.bounds[k] ?? 0);
  return [
    u32(d.n),
    u32(d.channels),
    u32(d.hw),
    u32(d.maskChannels),
    u32(d.h),
    u32(d.w),
    u32(chunkLen),
    u32(chunks),
    ...d.weights.map(f32),
    // Offset 44: the bounds array after it starts at 48, the 16-byte alignment WGSL gives array<vec4u>.
    u32(groupCount(d)),
    ...bounds.map(u32),
  ];
}

function dims(
  shape: readonly number[],
  maskChannels: number,
  weights: [number, number, number] = [0, 0, 0],
  bounds?: number[],
): LossDims {
  const [n, c, h, w] = shape.length === 4 ? shape : [1, 1, 1, shape.reduce((a, b) => a * b, 1)];
  return { n: n * c * h * w, channels: c, hw: h * w, maskChannels, h, w, weights, bounds: bounds ?? [0, n] };
}

/** The loss is [] for the plain scalar losses, [G] for grouped masked L1; aux is [G] (G = 1 unless grouped). */
function runLoss(
  backend: WebGpuBackend,
  kind: LossKind,
  d: LossDims,
  inputs: Tensor[],
  lossShape: readonly number[] = [],
): LossOutputs {
  const groups = groupCount(d);
  if (d.n <= SINGLE_PASS_MAX) {
    // One workgroup per group reads all of it: one dispatch instead of partials + finish (the method's images are
    // small).
    const loss = backend.empty(lossShape);
    const aux = backend.empty([groups]);
    backend.dispatch({
      kernel: 'loss',
      shader: lossWgsl,
      entryPoint: kind === 'smoothness' ? 'smooth_single' : 'single',
      constants: { MODE: MODE[kind] },
      uniforms: uniforms(d),
      inputs,
      outputs: [loss, aux],
      workgroups: [1, groups],
    });
    return { loss, aux };
  }
  const { chunks } = chunking(d);
  const partial = backend.empty([groups * chunks, 2]);
  backend.dispatch({
    kernel: 'loss',
    shader: lossWgsl,
    entryPoint: kind === 'smoothness' ? 'smooth_partials' : 'partials',
    constants: { MODE: MODE[kind] },
    uniforms: uniforms(d),
    inputs,
    outputs: [partial],
    workgroups: [chunks, groups],
  });
  const loss = backend.empty(lossShape);
  const aux = backend.empty([groups]);
  backend.dispatch({
    kernel: 'loss',
    shader: lossWgsl,
    entryPoint: 'finish',
    constants: { MODE: MODE[kind] },
    uniforms: uniforms(d),
    inputs: [partial],
    outputs: [loss, aux],
    workgroups: [1, groups],
  });
  partial.release();
  return { loss, aux };
}

function perElement(
  backend: WebGpuBackend,
  kind: LossKind,
  entry: string,
  d: LossDims,
  threads: number,
  inputs: Tensor[],
  outputs: Tensor[],
): void {
  backend.dispatch({
    kernel: 'loss',
    shader: lossWgsl,
    entryPoint: entry,
    constants: { MODE: MODE[kind] },
    uniforms: uniforms(d),
    inputs,
    outputs,
    workgroups: backend.grid1d(threads, WG),
  });
}

function checkPair(a: Tensor, b: Tensor, what: string): void {
  if (!sameShape(a.shape, b.shape)) throw new Error(`${what}: ${a} and ${b} must have the same shape.`);
}

function checkUpstream(g: Tensor, values = 1): void {
  if (g.size !== values)
    throw new Error(`loss backward: the upstream gradient ${g} must hold ${values} value${values === 1 ? '' : 's'}.`);
}

/** Masked L1's options: `groups` (sample counts, summing to N) make the loss [G]; without them it is a scalar. */
export interface MaskedL1Params {
  groups?: readonly number[];
}

/** The groups to reduce over (all samples as one group by default) and the loss's shape. */
function resolveGroups(a: Tensor, b: Tensor, mask: Tensor, p: MaskedL1Params) {
  checkPair(a, b, 'masked L1');
  checkMaskShape(a.shape, mask.shape);
  const groups = p.groups ?? [a.shape[0]];
  return { groups, bounds: groupBounds(a.shape, groups), lossShape: p.groups ? [groups.length] : [] };
}

/** Inputs [a, b, mask]. */
export const maskedL1Kernel = defineKernel<MaskedL1Params, LossOutputs>({
  name: 'loss.maskedL1.forward',
  arity: 3,
  cpu: (backend, [a, b, mask], p) => {
    const { groups, lossShape } = resolveGroups(a, b, mask, p);
    const r = maskedL1GroupsForward(backend.data(a), backend.data(b), a.shape, backend.data(mask), mask.shape, groups);
    return { loss: backend.adopt(r.loss, lossShape), aux: backend.adopt(r.maskSum, [groups.length]) };
  },
  webgpu: (backend, [a, b, mask], p) => {
    const { bounds, lossShape } = resolveGroups(a, b, mask, p);
    return runLoss(backend, 'masked_l1', dims(a.shape, mask.shape[1], undefined, bounds), [a, b, mask], lossShape);
  },
});

export interface MaskedL1Gradients {
  da: Tensor;
  db: Tensor;
  dmask: Tensor | null;
}

/** Inputs [a, b, mask, loss, aux, upstream]; the upstream gradient has one value per group. */
export const maskedL1BackwardKernel = defineKernel<MaskedL1Params & { maskGrad: boolean }, MaskedL1Gradients>({
  name: 'loss.maskedL1.backward',
  arity: 6,
  cpu: (backend, [a, b, mask, , , g], p) => {
    const { groups } = resolveGroups(a, b, mask, p);
    checkUpstream(g, groups.length);
    const r = maskedL1GroupsBackward(
      backend.data(a),
      backend.data(b),
      a.shape,
      backend.data(mask),
      mask.shape,
      groups,
      backend.data(g),
    );
    return {
      da: backend.adopt(r.da, a.shape),
      db: backend.adopt(r.db, b.shape),
      dmask: p.maskGrad ? backend.adopt(r.dmask, mask.shape) : null,
    };
  },
  webgpu: (backend, [a, b, mask, loss, aux, g], p) => {
    const { groups, bounds } = resolveGroups(a, b, mask, p);
    checkUpstream(g, groups.length);
    const d = dims(a.shape, mask.shape[1], undefined, bounds);
    const da = backend.empty(a.shape);
    const db = backend.empty(b.shape);
    perElement(backend, 'masked_l1', 'l1_grad', d, d.n, [a, b, mask, aux, g], [da, db]);
    let dmask: Tensor | null = null;
    if (p.maskGrad) {
      dmask = backend.empty(mask.shape);
      perElement(backend, 'masked_l1', 'mask_grad', d, mask.size, [a, b, loss, aux, g], [dmask]);
    }
    return { da, db, dmask };
  },
});

/** Inputs [a, b]. */
export const mseKernel = defineKernel<Record<string, never>, LossOutputs>({
  name: 'loss.mse.forward',
  arity: 2,
  cpu: (backend, [a, b]) => {
    checkPair(a, b, 'mse');
    return { loss: backend.fromArray([mseForward(backend.data(a), backend.data(b))], []), aux: backend.zeros([1]) };
  },
  webgpu: (backend, [a, b]) => {
    checkPair(a, b, 'mse');
    return runLoss(backend, 'mse', dims([a.size], 1), [a, b, backend.unusedBinding]);
  },
});

/** Inputs [a, b, upstream]; returns [da, db]. */
export const mseBackwardKernel = defineKernel<Record<string, never>, [Tensor, Tensor]>({
  name: 'loss.mse.backward',
  arity: 3,
  cpu: (backend, [a, b, g]) => {
    checkUpstream(g);
    const r = mseBackward(backend.data(a), backend.data(b), backend.data(g)[0]);
    return [backend.adopt(r.da, a.shape), backend.adopt(r.db, b.shape)];
  },
  webgpu: (backend, [a, b, g]) => {
    checkUpstream(g);
    const d = dims([a.size], 1);
    const da = backend.empty(a.shape);
    const db = backend.empty(b.shape);
    perElement(backend, 'mse', 'mse_grad', d, d.n, [a, b, g], [da, db]);
    return [da, db];
  },
});

function smoothDims(shape: readonly number[]): LossDims {
  const { n, c, h, w } = checkNchw(shape, 'smoothness loss');
  if (h < 3 || w < 3) throw new Error(`smoothness loss needs maps of at least 3x3, got ${formatShape(shape)}.`);
  const counts = smoothnessCounts(h, w);
  const maps = n * c;
  return dims(shape, c, [1 / (maps * counts.xx), 2 / (maps * counts.mixed), 1 / (maps * counts.yy)]);
}

/** Input [x]. */
export const smoothnessKernel = defineKernel<Record<string, never>, LossOutputs>({
  name: 'loss.smoothness.forward',
  arity: 1,
  cpu: (backend, [x]) => ({
    loss: backend.fromArray([smoothnessForward(backend.data(x), x.shape)], []),
    aux: backend.zeros([1]),
  }),
  webgpu: (backend, [x]) => runLoss(backend, 'smoothness', smoothDims(x.shape), [x]),
});

/** Inputs [x, upstream]. */
export const smoothnessBackwardKernel = defineKernel<Record<string, never>>({
  name: 'loss.smoothness.backward',
  arity: 2,
  cpu: (backend, [x, g]) => {
    checkUpstream(g);
    return backend.adopt(smoothnessBackward(backend.data(x), x.shape, backend.data(g)[0]), x.shape);
  },
  webgpu: (backend, [x, g]) => {
    checkUpstream(g);
    const d = smoothDims(x.shape);
    const dx = backend.empty(x.shape);
    perElement(backend, 'smoothness', 'smooth_grad', d, d.n, [x, g], [dx]);
    return dx;
  },
});
