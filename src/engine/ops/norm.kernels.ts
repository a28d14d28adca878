/**
 * Kernels of the norm family: GroupNorm with an optional fused ReLU / LeakyReLU. On the GPU
 * (shaders/nn/norm_fused.wgsl) the forward is one dispatch (a workgroup per (sample, group): statistics, then the
 * affine map and the activation) and the backward two (the same rows: the activation's derivative, per-(n, c)
 * sums and the input gradient; then the parameter gradients over the samples). The statistics are saved as an
 * [N*G, 2] tensor of (mean, rstd) for the backward pass.
 */
import normWgsl from '../../../shaders/nn/norm_fused.wgsl?raw';
import type { CpuBackend } from '../cpu/backend';
import { defineKernel, outputTensor } from '../kernel';
import { activationBackward, activationForward } from '../reference/activation';
import { checkGroupNorm, GROUP_NORM_EPS, groupNormBackward, groupNormForward } from '../reference/norm';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { f32, u32 } from '../webgpu/uniforms';

export interface GroupNormParams {
  groups: number;
  eps?: number;
  /** Activation fused into the forward store (default none); leaky_relu needs slope >= 0. */
  activation?: 'relu' | 'leaky_relu';
  slope?: number;
}

const ACT_CODE = { none: 0, relu: 1, leaky_relu: 2 } as const;

export interface GroupNormOutputs {
  y: Tensor;
  /** (mean, rstd) per (sample, group), shape [N*G, 2]. */
  stats: Tensor;
}

export interface GroupNormGradients {
  dx: Tensor;
  dgamma: Tensor;
  dbeta: Tensor;
}

function checkActivation(p: GroupNormParams): void {
  if (p.activation === 'leaky_relu' && !(Number.isFinite(p.slope) && (p.slope ?? -1) >= 0)) {
    // The backward recovers the activation's derivative from the sign of the output, which needs slope >= 0.
    throw new Error(`group_norm: a fused leaky_relu needs a finite slope >= 0, got ${p.slope}.`);
  }
}

function check(x: Tensor, gamma: Tensor, beta: Tensor | null, groups: number) {
  const s = checkGroupNorm(x.shape, groups);
  for (const t of beta ? [gamma, beta] : [gamma]) {
    if (t.shape.length !== 1 || t.shape[0] !== s.c)
      throw new Error(`group_norm: ${t} must have shape [${s.c}] for ${formatShape(x.shape)}.`);
  }
  return s;
}

function splitStats(backend: CpuBackend, stats: Tensor): { mean: Float64Array; rstd: Float64Array } {
  const data = backend.data(stats);
  const rows = data.length / 2;
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    mean[r] = data[2 * r];
    rstd[r] = data[2 * r + 1];
  }
  return { mean, rstd };
}

type Dims = ReturnType<typeof checkGroupNorm>;

function uniforms(s: Dims, eps: number, slope = 0) {
  return [u32(s.n), u32(s.c), u32(s.groups), u32(s.h * s.w), f32(eps), f32(slope)];
}

/** One workgroup per (n, g) row; small rows get 64 threads so fewer sit idle. */
function perRow(
  backend: WebGpuBackend,
  entry: 'forward' | 'backward',
  s: Dims,
  eps: number,
  p: GroupNormParams,
  inputs: Tensor[],
  outputs: Tensor[],
): void {
  const rows = s.n * s.groups;
  const wg = (s.c / s.groups) * s.h * s.w >= 1024 ? 256 : 64;
  backend.dispatch({
    kernel: 'norm.group',
    shader: normWgsl,
    entryPoint: entry,
    constants: { WG: wg, ACT: ACT_CODE[p.activation ?? 'none'] },
    uniforms: uniforms(s, eps, p.slope ?? 0),
    inputs,
    outputs,
    workgroups: backend.grid1d(rows * wg, wg),
  });
}

/** Inputs [x, gamma, beta]. */
export const groupNormForwardKernel = defineKernel<GroupNormParams, GroupNormOutputs>({
  name: 'norm.groupNorm.forward',
  arity: 3,
  cpu: (backend, [x, gamma, beta], p) => {
    check(x, gamma, beta, p.groups);
    checkActivation(p);
    const eps = p.eps ?? GROUP_NORM_EPS;
    const r = groupNormForward(backend.data(x), x.shape, p.groups, backend.data(gamma), backend.data(beta), eps);
    const y = p.activation ? activationForward(p.activation, r.y, p.slope ?? 0) : r.y;
    const stats = new Float64Array(2 * r.mean.length);
    r.mean.forEach((m, i) => {
      stats[2 * i] = m;
      stats[2 * i + 1] = r.rstd[i];
    });
    return { y: backend.adopt(y, x.shape), stats: backend.adopt(stats, [r.mean.length, 2]) };
  },
  webgpu: (backend, [x, gamma, beta], p) => {
    const s = check(x, gamma, beta, p.groups);
    checkActivation(p);
    const y = backend.empty(x.shape);
    const stats = backend.empty([s.n * s.groups, 2]);
    perRow(backend, 'forward', s, p.eps ?? GROUP_NORM_EPS, p, [x, gamma, beta], [y, stats]);
    return { y, stats };
  },
});

export interface GroupNormBackwardParams extends GroupNormParams {
  /** webgpu: write dgamma / dbeta here (the parameters' gradient slots, kernel.ts outputTensor). */
  dgammaOut?: Tensor | null;
  dbetaOut?: Tensor | null;
}

/**
 * Inputs [x, y, gamma, stats, gy]: y the forward's output (read for the fused activation's derivative; any tensor
 * without one), gy the gradient of y. The activation's backward is part of the kernel.
 */
export const groupNormBackwardKernel = defineKernel<GroupNormBackwardParams, GroupNormGradients>({
  name: 'norm.groupNorm.backward',
  arity: 5,
  cpu: (backend, [x, y, gamma, stats, gy], p) => {
    check(x, gamma, null, p.groups);
    checkActivation(p);
    const dpre = p.activation
      ? activationBackward(p.activation, backend.data(y), backend.data(gy), p.slope ?? 0)
      : backend.data(gy);
    const r = groupNormBackward(
      backend.data(x),
      x.shape,
      p.groups,
      backend.data(gamma),
      splitStats(backend, stats),
      dpre,
    );
    return {
      dx: backend.adopt(r.dx, x.shape),
      dgamma: backend.adopt(r.dgamma, gamma.shape),
      dbeta: backend.adopt(r.dbeta, gamma.shape),
    };
  },
  webgpu: (backend, [x, y, gamma, stats, gy], p) => {
    const s = check(x, gamma, null, p.groups);
    checkActivation(p);
    if (p.activation && y.size !== x.size) throw new Error(`group_norm backward: ${y} is not the output of ${x}.`);
    const eps = p.eps ?? GROUP_NORM_EPS;
    const dx = backend.empty(x.shape);
    const sums = backend.empty([s.n * s.c, 2]);
    const yBinding = p.activation ? y : backend.unusedBinding;
    perRow(backend, 'backward', s, eps, p, [x, yBinding, gy, gamma, stats], [dx, sums]);
    const dgamma = outputTensor(backend, p.dgammaOut, gamma.shape);
    const dbeta = outputTensor(backend, p.dbetaOut, gamma.shape);
    backend.dispatch({
      kernel: 'norm.group',
      shader: normWgsl,
      entryPoint: 'param_grads',
      constants: { WG: 64 },
      uniforms: uniforms(s, eps),
      inputs: [sums],
      outputs: [dgamma, dbeta],
      workgroups: backend.grid1d(s.c, 64),
    });
    sums.release();
    return { dx, dgamma, dbeta };
  },
});
