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

/** Threads of a reducePartials workgroup (a power of two: the shader's tree halves it). */
const REDUCE_THREADS = 64;

/**
 * out[b, k] = sum_n partial[b, n, k] (shaders/render/reduce_partials.wgsl): per-batch parameter gradients
 * (view, light) from per-pixel partials, one workgroup per output in one dispatch, in a fixed summation order.
 */
export function reducePartials(
  backend: WebGpuBackend,
  partial: Tensor,
  batch: number,
  count: number,
  width: number,
): Tensor {
  const out = backend.empty([batch, width]);
  backend.dispatch({
    kernel: 'render.reducePartials',
    shader: RENDER_SHADERS.reducePartials,
    constants: { WG: REDUCE_THREADS },
    uniforms: [u32(batch), u32(count), u32(width)],
    inputs: [partial],
    outputs: [out],
    workgroups: backend.grid1d(batch * width * REDUCE_THREADS, REDUCE_THREADS),
  });
  return out;
}
