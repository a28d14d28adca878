/**
 * The renderer's differentiable ops (autograd on the engine's tape), each a forward kernel plus a recorded
 * backward. They run unchanged on the `cpu` (float64 reference) and `webgpu` backends.
 * Layouts: depth [B, H, W], normals/albedo/texture/images [B, C, H, W], light [B, 4] = (k_a, k_d, l_x, l_y),
 * view [B, 6] = (rx, ry, rz radians; tx, ty, tz), grids [B, H, W, 2]. Inputs marked "broadcast" may have batch 1.
 */
import { recordOp } from '../engine/autograd/tape';
import type { Tensor } from '../engine/tensor';
import {
  type MeshRenderParams,
  rasterizeDepthBackwardKernel,
  rasterizeDepthKernel,
  releaseRasterState,
  renderTexturedMeshKernel,
} from './kernels/raster.kernels';
import {
  type CameraParams,
  clampImageBackwardKernel,
  clampImageKernel,
  diffuseBackwardKernel,
  diffuseForwardKernel,
  normalsBackwardKernel,
  normalsForwardKernel,
  textureBackwardKernel,
  textureForwardKernel,
} from './kernels/shading.kernels';
import {
  forwardWarpGridKernel,
  gridSampleBackwardKernel,
  gridSampleKernel,
  inverseWarpGridBackwardKernel,
  inverseWarpGridKernel,
} from './kernels/warp.kernels';

/** Keeps the gradients that are wanted and releases the others. */
function pick(grads: readonly (Tensor | null)[], needs: readonly boolean[]): (Tensor | null)[] {
  return grads.map((g, i) => {
    if (g && !needs[i]) {
      g.release();
      return null;
    }
    return g;
  });
}

/** Unit normals [B, 3, H, W] from depth [B, H, W] (border (0, 0, 1)). */
export function normalsFromDepth(depth: Tensor, camera: CameraParams = {}): Tensor {
  const normals = normalsForwardKernel([depth], camera);
  recordOp('render.normals', [depth], normals, ([g]) => [normalsBackwardKernel([depth, g], camera)]);
  return normals;
}

/** max(0, n . l) [B, 1, H, W] for normals [Bn (broadcast), 3, H, W] and light [B, 4]. */
export function diffuseShading(normals: Tensor, light: Tensor): Tensor {
  const diffuse = diffuseForwardKernel([normals, light], {});
  recordOp('render.diffuse', [normals, light], diffuse, ([g], needs) => {
    const r = diffuseBackwardKernel([normals, light, g], {});
    return pick([r.gradNormals, r.gradLight], needs);
  });
  return diffuse;
}

/** ((albedo + 1) / 2 (k_a + k_d diffuse)) 2 - 1: albedo [Ba (broadcast), 3, H, W], diffuse [B, 1, H, W]. */
export function canonicalTexture(albedo: Tensor, diffuse: Tensor, light: Tensor): Tensor {
  const texture = textureForwardKernel([albedo, diffuse, light], {});
  recordOp('render.texture', [albedo, diffuse, light], texture, ([g], needs) => {
    const r = textureBackwardKernel([albedo, diffuse, light, g], { albedoOnly: !needs[1] && !needs[2] });
    return pick([r.gradAlbedo, r.gradDiffuse, r.gradLight], needs);
  });
  return texture;
}

/**
 * Renders depth [Bd (broadcast), H, W] into the views [B, 6]: depth [B, H, W] clamped to [0.8, 1.2] and the
 * validity mask [B, H, W] (not differentiable). Gradients flow to the depth map and the views.
 */
export function rasterizeDepth(
  depth: Tensor,
  view: Tensor,
  camera: CameraParams = {},
): { depth: Tensor; mask: Tensor } {
  const out = rasterizeDepthKernel([depth, view], camera);
  recordOp('render.raster', [depth, view], out.depth, ([g], needs) => {
    const r = rasterizeDepthBackwardKernel([depth, view, g], { ...camera, state: out.state });
    return pick([r.gradDepth, r.gradView], needs);
  });
  // Without a recorded backward nobody needs the z-buffer any more (with one, the tape frees it).
  if (!out.depth.requiresGrad) releaseRasterState(out.state);
  return { depth: out.depth, mask: out.mask };
}

/** Grid [B, H, W, 2] that samples the canonical image for every pixel of the views (reconDepth [B, H, W]). */
export function inverseWarpGrid(reconDepth: Tensor, view: Tensor, camera: CameraParams = {}): Tensor {
  const grid = inverseWarpGridKernel([reconDepth, view], camera);
  recordOp('render.inverseWarp', [reconDepth, view], grid, ([g], needs) => {
    const r = inverseWarpGridBackwardKernel([reconDepth, view, g], camera);
    return pick([r.gradDepth, r.gradView], needs);
  });
  return grid;
}

/** Bilinear grid_sample, optionally clamped to [-1, 1] in the same kernels (forward and backward). */
function bilinearSample(image: Tensor, grid: Tensor, clamp: boolean): Tensor {
  const out = gridSampleKernel([image, grid], { clamp });
  recordOp(clamp ? 'render.gridSampleClamped' : 'render.gridSample', [image, grid], out, ([g], needs) => {
    const r = gridSampleBackwardKernel([image, grid, g], { skipImage: !needs[0], skipGrid: !needs[1], clamp });
    return [r.gradImage, r.gradGrid];
  });
  return out;
}

/** Bilinear grid_sample (align_corners true, zero padding) of image [Bi (broadcast), C, Hi, Wi]. */
export function gridSample(image: Tensor, grid: Tensor): Tensor {
  return bilinearSample(image, grid, false);
}

/**
 * clamp(gridSample(image, grid), -1, 1) in one kernel forward and without the clamp's own pass backward (the
 * gradient passes where the bilinear value lies in [-1, 1], as torch.clamp's): the reconstruction's image.
 */
export function gridSampleClamped(image: Tensor, grid: Tensor): Tensor {
  return bilinearSample(image, grid, true);
}

/** Nearest-neighbour grid_sample for masks (no gradient). */
export function gridSampleNearest(image: Tensor, grid: Tensor): Tensor {
  return gridSampleKernel([image, grid], { nearest: true });
}

/** Where canonical pixels land in each view, as a grid [B, H, W, 2] (no gradient; for mask warps). */
export function forwardWarpGrid(depth: Tensor, view: Tensor, camera: CameraParams = {}): Tensor {
  return forwardWarpGridKernel([depth, view], camera);
}

/** clamp(x, -1, 1) with torch's gradient (passes on the closed interval). */
export function clampImage(x: Tensor): Tensor {
  const out = clampImageKernel([x], {});
  recordOp('render.clamp', [x], out, ([g]) => [clampImageBackwardKernel([x, g], {})]);
  return out;
}

/**
 * Forward-only textured-mesh render of depth [Bd, H, W] coloured by colors [Bc, C, H, W] into views [B, 6]:
 * rotated / relit images with disocclusions (vertex colours interpolated), background where nothing is drawn.
 */
export function renderTexturedMesh(
  depth: Tensor,
  colors: Tensor,
  view: Tensor,
  options: MeshRenderParams = {},
): { image: Tensor; coverage: Tensor } {
  return renderTexturedMeshKernel([depth, colors, view], options);
}
