/**
 * The reconstruction entry point of the method (docs/method-reference.md section 3), batched over views:
 * (depth, albedo, light, view) -> image, mask. depth [Bd, H, W] and albedo [Ba, 3, H, W] are the canonical
 * maps (batch 1 broadcasts one shape over all views, as steps 2 and 3 render 8-16 views of one face);
 * light [B, 4] = (k_a, k_d, l_x, l_y) after the light net's rescaling; view [B, 6] in radians / world units.
 * Every intermediate the losses use is returned (diffuse shading for the smoothness term, normals, depth).
 */
import type { Tensor } from '../engine/tensor';
import type { CameraParams } from './kernels/shading.kernels';
import {
  canonicalTexture,
  clampImage,
  diffuseShading,
  gridSample,
  inverseWarpGrid,
  normalsFromDepth,
  rasterizeDepth,
} from './ops';

export interface ReconstructionInput {
  depth: Tensor;
  albedo: Tensor;
  light: Tensor;
  view: Tensor;
}

export interface ReconstructionOutput {
  /** clamp(grid_sample(texture, inverse warp), -1, 1): [B, 3, H, W]. */
  image: Tensor;
  /** [reconDepth < 1.2], detached: [B, H, W]. */
  mask: Tensor;
  /** Canonical depth rendered into the views, clamped to [0.8, 1.2]: [B, H, W]. */
  reconDepth: Tensor;
  /** Canonical normals [Bd, 3, H, W], diffuse shading [B, 1, H, W] and texture [B, 3, H, W]. */
  normals: Tensor;
  diffuse: Tensor;
  texture: Tensor;
}

export function reconstruct(x: ReconstructionInput, camera: CameraParams = {}): ReconstructionOutput {
  const normals = normalsFromDepth(x.depth, camera);
  const diffuse = diffuseShading(normals, x.light);
  const texture = canonicalTexture(x.albedo, diffuse, x.light);
  const { depth: reconDepth, mask } = rasterizeDepth(x.depth, x.view, camera);
  const grid = inverseWarpGrid(reconDepth, x.view, camera);
  const image = clampImage(gridSample(texture, grid));
  return { image, mask, reconDepth, normals, diffuse, texture };
}
