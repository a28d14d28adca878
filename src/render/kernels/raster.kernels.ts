/**
 * Kernels of the rasterizer family: depth rendering of the depth-map mesh into views (forward and backward)
 * and the forward-only textured-mesh render. The GPU z-buffer is deterministic: pass 1 atomicMin's depth bits,
 * pass 2 atomicMin's the triangle index among the samples whose depth equals the minimum (lowest index wins).
 * Per view the work is the mesh's covered area (one thread per triangle over its bounding box), O(S^2).
 */

import { defineKernel } from '../../engine/kernel';
import type { Tensor } from '../../engine/tensor';
import type { WebGpuBackend } from '../../engine/webgpu/backend';
import { f32, u32 } from '../../engine/webgpu/uniforms';
import { dispatchRender, reducePartials } from '../gpu/dispatch';
import { renderTexturedMesh } from '../reference/meshRender';
import { type RasterizedDepth, rasterizeDepthBackward, rasterizeDepthForward } from '../reference/rasterize';
import { depthDims, expectBroadcast, expectSpatial, imageDims, paramBatch } from '../shapes';
import { type CameraParams, cameraUniforms } from './shading.kernels';

/** What the backward needs from the forward: the z-buffer on the GPU, the reference's state on the cpu. */
export type RasterState =
  | { kind: 'webgpu'; screen: Tensor; zbits: Tensor; faces: Tensor }
  | { kind: 'cpu'; forward: RasterizedDepth };

export interface RasterOutputs {
  /** Rendered depth clamped to [0.8, 1.2]: [B, H, W]. */
  depth: Tensor;
  /** [depth < 1.2]: [B, H, W]. */
  mask: Tensor;
  state: RasterState;
}

export function releaseRasterState(state: RasterState): void {
  if (state.kind === 'webgpu') for (const t of [state.screen, state.zbits, state.faces]) if (!t.released) t.release();
}

function rasterDims(depth: Tensor, view: Tensor) {
  const d = depthDims('rasterize depth', depth);
  const views = paramBatch('rasterize view', view, 6);
  expectBroadcast('rasterize depth', d.batch, views);
  return { ...d, views, hw: d.height * d.width, tris: 2 * (d.height - 1) * (d.width - 1) };
}

type Dims = ReturnType<typeof rasterDims>;

/** Projection and both z-buffer passes; returns the state tensors (zbits and faces hold u32 bit patterns). */
function gpuZBuffer(backend: WebGpuBackend, depth: Tensor, view: Tensor, d: Dims, fovDegrees?: number) {
  const cam = cameraUniforms(d.height, d.width, fovDegrees);
  const screen = backend.empty([d.views, d.hw, 4]);
  dispatchRender(backend, {
    shader: 'rasterProject',
    uniforms: [u32(d.views), u32(d.batch), u32(d.height), u32(d.width), ...cam],
    inputs: [depth, view],
    outputs: [screen],
    threads: d.views * d.hw,
  });
  const samples = d.views * 4 * d.hw;
  const zbits = backend.empty([samples]);
  const faces = backend.empty([samples]);
  dispatchRender(backend, {
    shader: 'rasterClear',
    uniforms: [u32(samples)],
    inputs: [],
    outputs: [zbits, faces],
    threads: samples,
  });
  const dims = [u32(d.views), u32(d.height), u32(d.width)];
  const triThreads = d.views * d.tris;
  dispatchRender(backend, {
    shader: 'rasterDepth',
    uniforms: dims,
    inputs: [screen],
    outputs: [zbits],
    threads: triThreads,
    workgroupSize: 64,
  });
  dispatchRender(backend, {
    shader: 'rasterFace',
    uniforms: dims,
    inputs: [screen, zbits],
    outputs: [faces],
    threads: triThreads,
    workgroupSize: 64,
  });
  return { screen, zbits, faces };
}

/** [depth [Bd,H,W], view [B,6]] -> rendered depth, mask and the backward state. */
export const rasterizeDepthKernel = defineKernel<CameraParams, RasterOutputs>({
  name: 'render.raster.forward',
  arity: 2,
  cpu: (backend, [depth, view], p) => {
    const d = rasterDims(depth, view);
    const fwd = rasterizeDepthForward(
      backend.data(depth),
      d.batch,
      backend.data(view),
      d.height,
      d.width,
      p.fovDegrees,
    );
    const shape = [d.views, d.height, d.width];
    return {
      depth: backend.adopt(Float64Array.from(fwd.depth), shape),
      mask: backend.adopt(Float64Array.from(fwd.mask), shape),
      state: { kind: 'cpu', forward: fwd },
    };
  },
  webgpu: (backend, [depth, view], p) => {
    const d = rasterDims(depth, view);
    const { screen, zbits, faces } = gpuZBuffer(backend, depth, view, d, p.fovDegrees);
    const out = backend.empty([d.views, d.height, d.width]);
    const mask = backend.empty([d.views, d.height, d.width]);
    dispatchRender(backend, {
      shader: 'rasterResolve',
      uniforms: [u32(d.views), u32(d.height), u32(d.width)],
      inputs: [zbits],
      outputs: [out, mask],
      threads: d.views * d.hw,
    });
    return { depth: out, mask, state: { kind: 'webgpu', screen, zbits, faces } };
  },
});

export interface RasterBackwardParams extends CameraParams {
  state: RasterState;
}

/** [depth, view, gradRenderedDepth] -> { gradDepth [Bd,H,W], gradView [B,6] }. */
export const rasterizeDepthBackwardKernel = defineKernel<RasterBackwardParams, { gradDepth: Tensor; gradView: Tensor }>(
  {
    name: 'render.raster.backward',
    arity: 3,
    cpu: (backend, [depth, view, grad], p) => {
      if (p.state.kind !== 'cpu') throw new Error('render.raster.backward: the forward ran on another backend');
      const d = rasterDims(depth, view);
      const g = rasterizeDepthBackward(
        backend.data(depth),
        d.batch,
        backend.data(view),
        d.height,
        d.width,
        p.state.forward,
        backend.data(grad),
        p.fovDegrees,
      );
      return { gradDepth: backend.adopt(g.gradDepth, depth.shape), gradView: backend.adopt(g.gradView, view.shape) };
    },
    webgpu: (backend, [depth, view, grad], p) => {
      if (p.state.kind !== 'webgpu') throw new Error('render.raster.backward: the forward ran on another backend');
      const d = rasterDims(depth, view);
      const { screen, zbits, faces } = p.state;
      const triGrad = backend.empty([d.views, d.tris, 9]);
      dispatchRender(backend, {
        shader: 'rasterBackwardTriangles',
        uniforms: [u32(d.views), u32(d.height), u32(d.width)],
        inputs: [screen, zbits, faces, grad],
        outputs: [triGrad],
        threads: d.views * d.tris,
        workgroupSize: 64,
      });
      const gradDepth = backend.empty(depth.shape);
      const partial = backend.empty([d.views, d.hw, 6]);
      dispatchRender(backend, {
        shader: 'rasterBackwardVertices',
        uniforms: [
          u32(d.views),
          u32(d.batch),
          u32(d.height),
          u32(d.width),
          ...cameraUniforms(d.height, d.width, p.fovDegrees),
        ],
        inputs: [depth, view, triGrad],
        outputs: [gradDepth, partial],
        threads: d.batch * d.hw,
      });
      triGrad.release();
      const gradView = reducePartials(backend, partial);
      partial.release();
      return { gradDepth, gradView };
    },
  },
);

export interface MeshRenderParams extends CameraParams {
  /** Colour of empty samples (default 1: white for [-1, 1] images). */
  background?: number;
}

/** [depth [Bd,H,W], colors [Bc,C,H,W], view [B,6]] -> { image [B,C,H,W], coverage [B,1,H,W] } (no gradient). */
export const renderTexturedMeshKernel = defineKernel<MeshRenderParams, { image: Tensor; coverage: Tensor }>({
  name: 'render.mesh.forward',
  arity: 3,
  cpu: (backend, [depth, colors, view], p) => {
    const d = rasterDims(depth, view);
    const c = imageDims('mesh colors', colors);
    expectBroadcast('mesh colors', c.batch, d.views);
    expectSpatial('mesh colors', colors, d.height, d.width);
    const out = renderTexturedMesh(
      backend.data(depth),
      d.batch,
      backend.data(colors),
      c.batch,
      c.channels,
      backend.data(view),
      d.height,
      d.width,
      p,
    );
    return {
      image: backend.adopt(out.image, [d.views, c.channels, d.height, d.width]),
      coverage: backend.adopt(out.coverage, [d.views, 1, d.height, d.width]),
    };
  },
  webgpu: (backend, [depth, colors, view], p) => {
    const d = rasterDims(depth, view);
    const c = imageDims('mesh colors', colors);
    expectBroadcast('mesh colors', c.batch, d.views);
    expectSpatial('mesh colors', colors, d.height, d.width);
    const state = gpuZBuffer(backend, depth, view, d, p.fovDegrees);
    const image = backend.empty([d.views, c.channels, d.height, d.width]);
    const coverage = backend.empty([d.views, 1, d.height, d.width]);
    dispatchRender(backend, {
      shader: 'meshResolve',
      uniforms: [u32(d.views), u32(c.batch), u32(c.channels), u32(d.height), u32(d.width), f32(p.background ?? 1)],
      inputs: [state.screen, state.faces, colors],
      outputs: [image, coverage],
      threads: d.views * d.hw,
    });
    releaseRasterState({ kind: 'webgpu', ...state });
    return { image, coverage };
  },
});
