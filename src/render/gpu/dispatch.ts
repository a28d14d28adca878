/** Small helpers for the renderer's WebGPU kernels on top of the engine's WebGpuBackend.dispatch. */
import type { Tensor } from '../../engine/tensor';
import type { WebGpuBackend } from '../../engine/webgpu/backend';
import type { UniformField } from '../../engine/webgpu/uniforms';
import { u32 } from '../../engine/webgpu/uniforms';
import { RENDER_SHADERS, type RenderShaderName } from './shaders';

export interface RenderDispatch {
  shader: RenderShaderName;
  uniforms: readonly UniformField[];
  inputs: readonly Tensor[];
  outputs: readonly Tensor[];
  /** One thread per item; the shader's WG override sets the workgroup size. */
  threads: number;
  workgroupSize?: number;
  constants?: Readonly<Record<string, number>>;
}

export function dispatchRender(backend: WebGpuBackend, d: RenderDispatch): void {
  const workgroupSize = d.workgroupSize ?? 256;
  backend.dispatch({
    kernel: `render.${d.shader}`,
    shader: RENDER_SHADERS[d.shader],
    constants: { WG: workgroupSize, ...d.constants },
    uniforms: d.uniforms,
    inputs: d.inputs,
    outputs: d.outputs,
    workgroups: backend.grid1d(d.threads, workgroupSize),
  });
}

/** Columns of the first reduction stage: enough threads to stream the partials, few enough to sum quickly. */
const REDUCE_COLUMNS = 256;

/**
 * out[b, k] = sum_n partial[b, n, k] (shaders/render/reduce_partials_*.wgsl): per-batch parameter gradients
 * (view, light) from per-pixel partials, in two barrier-free stages with a fixed summation order.
 */
export function reducePartials(
  backend: WebGpuBackend,
  partial: Tensor,
  batch: number,
  count: number,
  width: number,
): Tensor {
  const columns = Math.min(REDUCE_COLUMNS, count);
  const column = backend.empty([batch, columns, width]);
  dispatchRender(backend, {
    shader: 'reducePartialsColumns',
    uniforms: [u32(batch), u32(count), u32(width), u32(columns)],
    inputs: [partial],
    outputs: [column],
    threads: batch * columns,
  });
  const out = backend.empty([batch, width]);
  dispatchRender(backend, {
    shader: 'reducePartialsTotal',
    uniforms: [u32(batch), u32(width), u32(columns)],
    inputs: [column],
    outputs: [out],
    threads: batch * width,
    workgroupSize: 64,
  });
  column.release();
  return out;
}

/**
 * Per-view rotation matrices (shaders/render/view_matrices.wgsl): [B, 4, 12] floats holding R and dR/d(rx, ry,
 * rz) as WGSL mat3x3f (columns padded to 4), read by the kernels that move points between frames.
 */
export function viewMatrices(backend: WebGpuBackend, view: Tensor): Tensor {
  const views = view.shape[0];
  const mats = backend.empty([views, 4, 12]);
  dispatchRender(backend, {
    shader: 'viewMatrices',
    uniforms: [u32(views)],
    inputs: [view],
    outputs: [mats],
    threads: views,
    workgroupSize: 64,
  });
  return mats;
}
