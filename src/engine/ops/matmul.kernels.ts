/** Kernels of the matmul family: 2-D matmul with transposes and fused bias (linear); batched form for 1x1 convs. */
import fusedActivationWgsl from '../../../shaders/nn/fused_activation.wgsl?raw';
import matmulSource from '../../../shaders/nn/matmul.wgsl?raw';
import type { CpuBackend } from '../cpu/backend';
import { defineKernel, outputTensor } from '../kernel';
import { matmul } from '../reference/matmul';
import { expectRank, formatShape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from '../webgpu/backend';
import { u32 } from '../webgpu/uniforms';

export interface MatmulParams {
  transA?: boolean;
  transB?: boolean;
  /** webgpu: write C here (a weight gradient's slot, kernel.ts outputTensor). */
  out?: Tensor | null;
}

/** Operand dimensions of C[M,N] = op(A) op(B), checked. */
export function matmulDims(a: Tensor, b: Tensor, p: MatmulParams): { m: number; k: number; n: number } {
  expectRank('matmul A', a.shape, 2);
  expectRank('matmul B', b.shape, 2);
  const [m, k] = p.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = p.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb)
    throw new Error(
      `matmul: inner dimensions differ (A ${formatShape(a.shape)}, B ${formatShape(b.shape)}, transA ${!!p.transA}, transB ${!!p.transB}).`,
    );
  return { m, k, n };
}

export interface GpuMatmulCall {
  a: Tensor;
  b: Tensor;
  bias: Tensor | null;
  biasMode: 0 | 1 | 2;
  out: Tensor;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  batch: number;
  batchStrideA: number;
  batchStrideB: number;
  batchStrideC: number;
  /** Activation applied to C in the store (conv2d's 1x1 path with a fused activation). */
  act?: FusedActivation | null;
}

/** An activation fused into a kernel's store: relu, or leaky_relu with its negative slope. */
export interface FusedActivation {
  kind: 'relu' | 'leaky_relu';
  slope: number;
}

/** The ACT / SLOPE override constants of the shaders that fuse an activation into their store. */
export function activationConstants(act: FusedActivation | null | undefined): { ACT: number; SLOPE: number } {
  if (!act) return { ACT: 0, SLOPE: 0 };
  return { ACT: act.kind === 'relu' ? 1 : 2, SLOPE: act.kind === 'relu' ? 0 : act.slope };
}

/** A kernel's WGSL with the fused activation's ACT / SLOPE overrides and activate() (fused_activation.wgsl) prepended. */
export function withFusedActivation(source: string): string {
  return `${fusedActivationWgsl}\n${source}`;
}

const matmulWgsl = withFusedActivation(matmulSource);

/** Encodes one (batched) matmul; used by the matmul/linear kernels and by conv2d for 1x1 kernels. */
export function dispatchMatmul(backend: WebGpuBackend, call: GpuMatmulCall): void {
  backend.dispatch({
    kernel: 'matmul',
    shader: matmulWgsl,
    constants: {
      TRANS_A: call.transA ? 1 : 0,
      TRANS_B: call.transB ? 1 : 0,
      BIAS_MODE: call.biasMode,
      ...activationConstants(call.act),
    },
    uniforms: [
      u32(call.m),
      u32(call.n),
      u32(call.k),
      u32(call.batchStrideA),
      u32(call.batchStrideB),
      u32(call.batchStrideC),
    ],
    inputs: [call.a, call.b, call.bias ?? backend.unusedBinding],
    outputs: [call.out],
    workgroups: [Math.ceil(call.n / 32), Math.ceil(call.m / 32), call.batch],
  });
}

function cpuMatmul(backend: CpuBackend, a: Tensor, b: Tensor, p: MatmulParams): Tensor {
  const { m, k, n } = matmulDims(a, b, p);
  const c = matmul(backend.data(a), backend.data(b), { m, k, n, transA: !!p.transA, transB: !!p.transB });
  return backend.adopt(c, [m, n]);
}

function gpuMatmul(backend: WebGpuBackend, a: Tensor, b: Tensor, bias: Tensor | null, p: MatmulParams): Tensor {
  const { m, k, n } = matmulDims(a, b, p);
  const out = outputTensor(backend, p.out, [m, n]);
  const transA = !!p.transA;
  const transB = !!p.transB;
  dispatchMatmul(backend, {
    a,
    b,
    bias,
    biasMode: bias ? 2 : 0,
    out,
    m,
    k,
    n,
    transA,
    transB,
    batch: 1,
    batchStrideA: 0,
    batchStrideB: 0,
    batchStrideC: 0,
  });
  return out;
}

/** C = op(A) op(B). */
export const matmulKernel = defineKernel<MatmulParams>({
  name: 'matmul',
  arity: 2,
  cpu: (backend, [a, b], p) => cpuMatmul(backend, a, b, p),
  webgpu: (backend, [a, b], p) => gpuMatmul(backend, a, b, null, p),
});

/** y = x W^T + bias (nn.Linear): inputs [x [M,K], W [N,K], bias [N]]. */
export const linearKernel = defineKernel<Record<string, never>>({
  name: 'linear.forward',
  arity: 3,
  cpu: (backend, [x, w, bias]) => {
    checkBias(w, bias);
    const y = cpuMatmul(backend, x, w, { transB: true });
    const yd = backend.data(y);
    const bd = backend.data(bias);
    const n = bias.size;
    for (let i = 0; i < yd.length; i++) yd[i] += bd[i % n];
    return y;
  },
  webgpu: (backend, [x, w, bias]) => {
    checkBias(w, bias);
    return gpuMatmul(backend, x, w, bias, { transB: true });
  },
});

function checkBias(w: Tensor, bias: Tensor): void {
  if (bias.shape.length !== 1 || bias.shape[0] !== w.shape[0])
    throw new Error(`linear: bias ${bias} does not match weight ${w}.`);
}
