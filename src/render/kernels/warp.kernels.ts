/**
 * Kernels of the warp family: the inverse warp grid (forward, backward), the forward warp grid (masks), and
 * grid_sample (bilinear forward/backward, nearest forward). The image gradient of grid_sample is a scatter; on
 * the GPU it accumulates i32 fixed-point values with atomicAdd, which is exact and order-independent.
 */
import { defineKernel } from '../../engine/kernel';
import type { Tensor } from '../../engine/tensor';
import type { WebGpuBackend } from '../../engine/webgpu/backend';
import { u32 } from '../../engine/webgpu/uniforms';
import { dispatchRender, reducePartials } from '../gpu/dispatch';
import { RENDER_SHADERS } from '../gpu/shaders';
import { clampUnit, clampUnitBackward } from '../reference/clamp';
import { gridSampleBackward, gridSampleForward, gridSampleNearest, type SampleShape } from '../reference/gridSample';
import { forwardWarpGrid, inverseWarpGridBackward, inverseWarpGridForward } from '../reference/warp';
import { depthDims, expectBroadcast, imageDims, paramBatch } from '../shapes';
import { type CameraParams, cameraUniforms } from './shading.kernels';

/**
 * Bits of headroom of the fixed-point image gradient: one contribution is at most 2^FIXED_BITS units, so an
 * accumulator overflows only if more than 2^(31 - FIXED_BITS) = 4096 output samples (over all views sharing the
 * image) land on one image pixel at full gradient magnitude; each unit is 2^-FIXED_BITS of the largest
 * gradient (about 2e-6 relative), far below float32 training noise.
 */
export const GRID_SAMPLE_FIXED_BITS = 19;

function warpDims(what: string, depth: Tensor, view: Tensor) {
  const d = depthDims(`${what} depth`, depth);
  const views = paramBatch(`${what} view`, view, 6);
  return { ...d, views, hw: d.height * d.width };
}

/** [reconDepth [B,H,W], view [B,6]] -> grid [B,H,W,2]. */
export const inverseWarpGridKernel = defineKernel<CameraParams>({
  name: 'render.warp.inverse.forward',
  arity: 2,
  cpu: (backend, [depth, view], p) => {
    const d = warpDims('inverseWarp', depth, view);
    if (d.batch !== d.views) throw new Error(`inverseWarp: depth batch ${d.batch} must equal the views ${d.views}`);
    const grid = inverseWarpGridForward(backend.data(depth), backend.data(view), d.height, d.width, p.fovDegrees);
    return backend.adopt(grid, [d.views, d.height, d.width, 2]);
  },
  webgpu: (backend, [depth, view], p) => {
    const d = warpDims('inverseWarp', depth, view);
    if (d.batch !== d.views) throw new Error(`inverseWarp: depth batch ${d.batch} must equal the views ${d.views}`);
    const grid = backend.empty([d.views, d.height, d.width, 2]);
    dispatchRender(backend, {
      shader: 'warpInverse',
      uniforms: [u32(d.views), u32(d.height), u32(d.width), ...cameraUniforms(d.height, d.width, p.fovDegrees)],
      inputs: [depth, view],
      outputs: [grid],
      threads: d.views * d.hw,
    });
    return grid;
  },
});

/** [reconDepth, view, gradGrid] -> { gradDepth, gradView }. */
export const inverseWarpGridBackwardKernel = defineKernel<CameraParams, { gradDepth: Tensor; gradView: Tensor }>({
  name: 'render.warp.inverse.backward',
  arity: 3,
  cpu: (backend, [depth, view, grad], p) => {
    const d = warpDims('inverseWarp', depth, view);
    const g = inverseWarpGridBackward(
      backend.data(depth),
      backend.data(view),
      d.height,
      d.width,
      backend.data(grad),
      p.fovDegrees,
    );
    return { gradDepth: backend.adopt(g.gradDepth, depth.shape), gradView: backend.adopt(g.gradView, view.shape) };
  },
  webgpu: (backend, [depth, view, grad], p) => {
    const d = warpDims('inverseWarp', depth, view);
    const gradDepth = backend.empty(depth.shape);
    const partial = backend.empty([d.views, d.hw, 6]);
    dispatchRender(backend, {
      shader: 'warpInverseBackward',
      uniforms: [u32(d.views), u32(d.height), u32(d.width), ...cameraUniforms(d.height, d.width, p.fovDegrees)],
      inputs: [depth, view, grad],
      outputs: [gradDepth, partial],
      threads: d.views * d.hw,
    });
    const gradView = reducePartials(backend, partial);
    partial.release();
    return { gradDepth, gradView };
  },
});

/** [depth [Bd,H,W], view [B,6]] -> grid [B,H,W,2]: where canonical pixels land in each view (no gradient). */
export const forwardWarpGridKernel = defineKernel<CameraParams>({
  name: 'render.warp.forward',
  arity: 2,
  cpu: (backend, [depth, view], p) => {
    const d = warpDims('forwardWarp', depth, view);
    expectBroadcast('forwardWarp depth', d.batch, d.views);
    const grid = forwardWarpGrid(backend.data(depth), d.batch, backend.data(view), d.height, d.width, p.fovDegrees);
    return backend.adopt(grid, [d.views, d.height, d.width, 2]);
  },
  webgpu: (backend, [depth, view], p) => {
    const d = warpDims('forwardWarp', depth, view);
    expectBroadcast('forwardWarp depth', d.batch, d.views);
    const grid = backend.empty([d.views, d.height, d.width, 2]);
    dispatchRender(backend, {
      shader: 'warpForward',
      uniforms: [
        u32(d.views),
        u32(d.batch),
        u32(d.height),
        u32(d.width),
        ...cameraUniforms(d.height, d.width, p.fovDegrees),
      ],
      inputs: [depth, view],
      outputs: [grid],
      threads: d.views * d.hw,
    });
    return grid;
  },
});

function sampleShape(image: Tensor, grid: Tensor): SampleShape {
  const im = imageDims('grid_sample image', image);
  if (grid.shape.length !== 4 || grid.shape[3] !== 2) {
    throw new Error(`grid_sample grid: expected [B, Ho, Wo, 2], got [${grid.shape.join(', ')}]`);
  }
  const [views, outHeight, outWidth] = grid.shape;
  expectBroadcast('grid_sample image', im.batch, views);
  if (im.height < 2 || im.width < 2) throw new Error('grid_sample image: H and W must be >= 2');
  return {
    imageBatch: im.batch,
    channels: im.channels,
    inHeight: im.height,
    inWidth: im.width,
    views,
    outHeight,
    outWidth,
  };
}

function sampleUniforms(s: SampleShape) {
  return [
    u32(s.views),
    u32(s.imageBatch),
    u32(s.channels),
    u32(s.inHeight),
    u32(s.inWidth),
    u32(s.outHeight * s.outWidth),
  ];
}

export interface GridSampleParams {
  /** Nearest-neighbour instead of bilinear (forward only; for masks). */
  nearest?: boolean;
  /** Clamp the bilinear samples to [-1, 1] in the same pass (the reconstruction's image). */
  clamp?: boolean;
}

/** [image [Bi,C,Hi,Wi], grid [B,Ho,Wo,2]] -> [B,C,Ho,Wo]. */
export const gridSampleKernel = defineKernel<GridSampleParams>({
  name: 'render.gridSample.forward',
  arity: 2,
  cpu: (backend, [image, grid], p) => {
    const s = sampleShape(image, grid);
    const f = p.nearest ? gridSampleNearest : gridSampleForward;
    const out = f(backend.data(image), backend.data(grid), s);
    return backend.adopt(p.clamp ? clampUnit(out) : out, [s.views, s.channels, s.outHeight, s.outWidth]);
  },
  webgpu: (backend, [image, grid], p) => {
    const s = sampleShape(image, grid);
    const out = backend.empty([s.views, s.channels, s.outHeight, s.outWidth]);
    dispatchRender(backend, {
      shader: 'gridSample',
      uniforms: sampleUniforms(s),
      inputs: [image, grid],
      outputs: [out],
      threads: s.views * s.outHeight * s.outWidth,
      constants: { NEAREST: p.nearest ? 1 : 0, CLAMP: p.clamp ? 1 : 0 },
    });
    return out;
  },
});

function gpuGridSampleImageGrad(
  backend: WebGpuBackend,
  image: Tensor,
  grid: Tensor,
  grad: Tensor,
  s: SampleShape,
  clamp: boolean,
): Tensor {
  // The kernel keeps the clamp's pass / cut decision per channel in the bits of one u32.
  if (clamp && s.channels > 32) throw new Error(`grid_sample clamped: at most 32 channels, got ${s.channels}`);
  const scale = backend.empty([1]);
  backend.dispatch({
    kernel: 'render.gridSampleGradScale',
    shader: RENDER_SHADERS.gridSampleGradScale,
    uniforms: [u32(grad.size), u32(GRID_SAMPLE_FIXED_BITS)],
    inputs: [grad],
    outputs: [scale],
    workgroups: [1, 1, 1],
  });
  // Zero float bits are zero i32 bits: the accumulator starts at 0.
  const acc = backend.zeros(image.shape);
  dispatchRender(backend, {
    shader: 'gridSampleBackwardImage',
    uniforms: sampleUniforms(s),
    inputs: [image, grid, grad, scale],
    outputs: [acc],
    threads: s.views * s.outHeight * s.outWidth,
    constants: { CLAMP: clamp ? 1 : 0 },
  });
  const gradImage = backend.empty(image.shape);
  dispatchRender(backend, {
    shader: 'gridSampleFixedToFloat',
    uniforms: [u32(acc.size)],
    inputs: [acc, scale],
    outputs: [gradImage],
    threads: acc.size,
  });
  acc.release();
  scale.release();
  return gradImage;
}

export interface GridSampleBackwardParams {
  /** Skip the image gradient (e.g. the image is a constant). */
  skipImage?: boolean;
  /** Skip the grid gradient. */
  skipGrid?: boolean;
  /** The forward clamped its samples to [-1, 1]: the gradient passes where the bilinear value is in [-1, 1]. */
  clamp?: boolean;
}

/** [image, grid, gradOut] -> { gradImage, gradGrid } (null where skipped). */
export const gridSampleBackwardKernel = defineKernel<
  GridSampleBackwardParams,
  { gradImage: Tensor | null; gradGrid: Tensor | null }
>({
  name: 'render.gridSample.backward',
  arity: 3,
  cpu: (backend, [image, grid, grad], p) => {
    const s = sampleShape(image, grid);
    const gradOut = p.clamp
      ? clampUnitBackward(gridSampleForward(backend.data(image), backend.data(grid), s), backend.data(grad))
      : backend.data(grad);
    const g = gridSampleBackward(backend.data(image), backend.data(grid), s, gradOut);
    return {
      gradImage: p.skipImage ? null : backend.adopt(g.gradImage, image.shape),
      gradGrid: p.skipGrid ? null : backend.adopt(g.gradGrid, grid.shape),
    };
  },
  webgpu: (backend, [image, grid, grad], p) => {
    const s = sampleShape(image, grid);
    let gradGrid: Tensor | null = null;
    if (!p.skipGrid) {
      gradGrid = backend.empty(grid.shape);
      dispatchRender(backend, {
        shader: 'gridSampleBackwardGrid',
        uniforms: sampleUniforms(s),
        inputs: [image, grid, grad],
        outputs: [gradGrid],
        threads: s.views * s.outHeight * s.outWidth,
        constants: { CLAMP: p.clamp ? 1 : 0 },
      });
    }
    const gradImage = p.skipImage ? null : gpuGridSampleImageGrad(backend, image, grid, grad, s, p.clamp ?? false);
    return { gradImage, gradGrid };
  },
});
