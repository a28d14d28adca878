/**
 * The reconstruction entry point of the method (docs/method-reference.md section 3), batched over views:
 * (depth, albedo, light, view) -> image, mask. depth [Bd, H, W] and albedo [Ba, 3, H, W] are the canonical
 * maps (batch 1 broadcasts one shape over all views, as steps 2 and 3 render 8-16 views of one face);
 * light [B, 4] = (k_a, k_d, l_x, l_y) after the light net's rescaling; view [B, 6] in radians / world units.
 * Every intermediate the losses use is returned (diffuse shading for the smoothness term, normals, depth).
 *
 * It is two halves (issue 15): reconstructGeometry, everything that depends on depth, light and view only
 * (normals, shading, the rasterized depth and mask, the inverse-warp grid), and shadeAndWarp, what the albedo
 * enters (texture, then grid sample and clamp in one kernel). A step that trains only the albedo (step 1) computes the geometry once
 * and runs shadeAndWarp per iteration; reconstruct is their composition, with the same kernels and gradients.
 */
import type { Tensor } from '../engine/tensor';
import type { CameraParams } from './kernels/shading.kernels';
import {
  canonicalTexture,
  diffuseShading,
  gridSampleClamped,
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

/** The albedo-independent part of a reconstruction. */
export interface ReconstructionGeometry {
  /** Canonical normals [Bd, 3, H, W] and diffuse shading [B, 1, H, W]. */
  normals: Tensor;
  diffuse: Tensor;
  /** Canonical depth rendered into the views, clamped to [0.8, 1.2]: [B, H, W]. */
  reconDepth: Tensor;
  /** [reconDepth < 1.2], detached: [B, H, W]. */
  mask: Tensor;
  /** Where each view pixel samples the canonical texture: [B, H, W, 2]. */
  grid: Tensor;
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

/** Normals, shading, rasterized depth and mask, and the inverse-warp grid of depth [Bd, H, W] in the views. */
export function reconstructGeometry(
  x: Omit<ReconstructionInput, 'albedo'>,
  camera: CameraParams = {},
): ReconstructionGeometry {
  const normals = normalsFromDepth(x.depth, camera);
  const diffuse = diffuseShading(normals, x.light);
  const { depth: reconDepth, mask } = rasterizeDepth(x.depth, x.view, camera);
  const grid = inverseWarpGrid(reconDepth, x.view, camera);
  return { normals, diffuse, reconDepth, mask, grid };
}

/**
 * The albedo [Ba (broadcast), 3, H, W] shaded by the geometry's diffuse shading and `light` (the [B, 4] the
 * geometry was computed with) and warped into its views: the texture [B, 3, H, W] and the image [B, 3, H, W].
 */
export function shadeAndWarp(
  albedo: Tensor,
  geometry: Pick<ReconstructionGeometry, 'diffuse' | 'grid'>,
  light: Tensor,
): { image: Tensor; texture: Tensor } {
  const texture = canonicalTexture(albedo, geometry.diffuse, light);
  const image = gridSampleClamped(texture, geometry.grid);
  return { image, texture };
}

export function reconstruct(x: ReconstructionInput, camera: CameraParams = {}): ReconstructionOutput {
  const geometry = reconstructGeometry(x, camera);
  const { image, texture } = shadeAndWarp(x.albedo, geometry, x.light);
  const { mask, reconDepth, normals, diffuse } = geometry;
  return { image, mask, reconDepth, normals, diffuse, texture };
}
