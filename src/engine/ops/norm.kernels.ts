/**
 * Kernels of the norm family: GroupNorm forward (per-group statistics, then a per-value affine map) and backward
 * (per-(n,c) sums, parameter gradients, per-group coefficients, input gradient). The statistics are saved
 * as an [N*G, 2] tensor of (mean, rstd) for the backward pass.
 */
import normWgsl from '../../../shaders/nn/norm.wgsl?raw';
import type { CpuBackend } from '../cpu/backend';
import { defineKernel } from '../kernel';
import { activationForward } from '../reference/activation';
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

const WG = 256;

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

function uniforms(s: Dims, eps: number, threads: number, slope = 0) {
  return [u32(s.n), u32(s.c), u32(s.groups), u32(s.h * s.w), f32(eps), u32(threads), f32(slope)];
}

/** Per-value entry: vec4 when every run of four values stays inside one channel. */
function perValue(
  backend: WebGpuBackend,
  entry: string,
  s: Dims,
  eps: number,
  inputs: Tensor[],
  out: Tensor,
  act: GroupNormParams['activation'] = undefined,
  slope = 0,
): void {
  const vec4 = (s.h * s.w) % 4 === 0;
  const threads = vec4 ? out.size / 4 : out.size;
  backend.dispatch({
    kernel: 'norm.group',
    shader: normWgsl,
    entryPoint: vec4 ? `${entry}_vec4` : entry,
    constants: { WG, ACT: ACT_CODE[act ?? 'none'] },
    uniforms: uniforms(s, eps, threads, slope),
    inputs,
    outputs: [out],
    workgroups: backend.grid1d(threads, WG),
  });
}

/** One workgroup per row; small rows get 64 threads so fewer sit idle. */
function perRow(
  backend: WebGpuBackend,
  entry: string,
  s: Dims,
  eps: number,
  rows: number,
  rowLen: number,
  inputs: Tensor[],
  outputs: Tensor[],
): void {
  const wg = rowLen >= 1024 ? 256 : 64;
  backend.dispatch({
    kernel: 'norm.group',
    shader: normWgsl,
    entryPoint: entry,
    constants: { WG: wg },
    uniforms: uniforms(s, eps, rows),
    inputs,
    outputs,
    workgroups: backend.grid1d(rows * wg, wg),
  });
}

function perThread(
  backend: WebGpuBackend,
  entry: string,
  s: Dims,
  eps: number,
  threads: number,
  inputs: Tensor[],
  outputs: Tensor[],
): void {
  backend.dispatch({
    kernel: 'norm.group',
    shader: normWgsl,
    entryPoint: entry,
    constants: { WG },
    uniforms: uniforms(s, eps, threads),
    inputs,
    outputs,
    workgroups: backend.grid1d(threads, WG),
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
    const eps = p.eps ?? GROUP_NORM_EPS;
    const rows = s.n * s.groups;
    const stats = backend.empty([rows, 2]);
    perRow(backend, 'stats', s, eps, rows, (s.c / s.groups) * s.h * s.w, [x], [stats]);
    const y = backend.empty(x.shape);
    perValue(backend, 'apply', s, eps, [x, stats, gamma, beta], y, p.activation, p.slope ?? 0);
    return { y, stats };
  },
});

/** Inputs [x, gamma, stats, dy] with dy the gradient of the normalised (pre-activation) output. */
export const groupNormBackwardKernel = defineKernel<GroupNormParams, GroupNormGradients>({
  name: 'norm.groupNorm.backward',
  arity: 4,
  cpu: (backend, [x, gamma, stats, dy], p) => {
    check(x, gamma, null, p.groups);
    const r = groupNormBackward(
      backend.data(x),
      x.shape,
      p.groups,
      backend.data(gamma),
      splitStats(backend, stats),
      backend.data(dy),
    );
    return {
      dx: backend.adopt(r.dx, x.shape),
      dgamma: backend.adopt(r.dgamma, gamma.shape),
      dbeta: backend.adopt(r.dbeta, gamma.shape),
    };
  },
  webgpu: (backend, [x, gamma, stats, dy], p) => {
    const s = check(x, gamma, null, p.groups);
    const eps = p.eps ?? GROUP_NORM_EPS;
    const sums = backend.empty([s.n * s.c, 2]);
    perRow(backend, 'channel_sums', s, eps, s.n * s.c, s.h * s.w, [x, dy, stats], [sums]);
    const dgamma = backend.empty(gamma.shape);
    const dbeta = backend.empty(gamma.shape);
    perThread(backend, 'param_grads', s, eps, s.c, [sums], [dgamma, dbeta]);
    const coeffs = backend.empty([s.n * s.groups, 2]);
    perThread(backend, 'group_coeffs', s, eps, s.n * s.groups, [sums, gamma], [coeffs]);
    const dx = backend.empty(x.shape);
    perValue(backend, 'input_grad', s, eps, [x, dy, stats, gamma, coeffs], dx);
    sums.release();
    coeffs.release();
    return { dx, dgamma, dbeta };
  },
});
