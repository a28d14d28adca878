/** Small helpers for the renderer's WebGPU kernels on top of the engine's WebGpuBackend.dispatch. */
import { dispatchSum } from '../../engine/ops/reduce.kernels';
import type { Tensor } from '../../engine/tensor';
import type { WebGpuBackend } from '../../engine/webgpu/backend';
import type { UniformField } from '../../engine/webgpu/uniforms';
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

/**
 * out[b, k] = sum_n partial[b, n, k]: per-batch parameter gradients (view, light) from per-pixel partials
 * [B, N, K], with the engine's reduction (fixed summation order; one dispatch up to 4096 pixels, two above).
 */
export function reducePartials(backend: WebGpuBackend, partial: Tensor): Tensor {
  const [batch, , width] = partial.shape;
  const out = backend.empty([batch, width]);
  dispatchSum(backend, partial, [1], 1, out);
  return out;
}
