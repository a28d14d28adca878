/**
 * The renderer as the method's steps use it (method reference section 3), batched over B views:
 *   normals = normals(depth); diffuse = max(0, normals . l); texture = ((albedo+1)/2 (k_a + k_d diffuse)) 2 - 1;
 *   reconDepth = rasterize(depth, view); grid = inverseWarp(reconDepth, view);
 *   image = clamp(grid_sample(texture, grid), -1, 1); mask = [reconDepth < 1.2].
 * depth [Bd, H, W] and albedo [Ba, 3, H, W] have batch 1 (one canonical shape rendered into many views) or B;
 * light [B, 4] and view [B, 6]. The float64 oracle for the engine's composed version, and a working CPU renderer.
 */
import { checkLength } from './batch';
import { clampUnit, clampUnitBackward } from './clamp';
import { gridSampleBackward, gridSampleForward, type SampleShape } from './gridSample';
import { normalsBackward, normalsForward } from './normals';
import { type RasterizedDepth, rasterizeDepthBackward, rasterizeDepthForward, viewCount } from './rasterize';
import { diffuseBackward, diffuseForward, LIGHT_SIZE, textureBackward, textureForward } from './shading';
import { inverseWarpGridBackward, inverseWarpGridForward } from './warp';

export interface ReconstructionInputs {
  depth: ArrayLike<number>;
  depthBatch: number;
  albedo: ArrayLike<number>;
  albedoBatch: number;
  light: ArrayLike<number>;
  view: ArrayLike<number>;
  height: number;
  width: number;
  fovDegrees?: number;
}

export interface Reconstruction {
  normals: Float64Array;
  diffuse: Float64Array;
  texture: Float64Array;
  raster: RasterizedDepth;
  grid: Float64Array;
  /** grid_sample output before the [-1, 1] clamp. */
  sampled: Float64Array;
  image: Float64Array;
  mask: Float64Array;
}

export interface ReconstructionGradients {
  gradDepth: Float64Array;
  gradAlbedo: Float64Array;
  gradLight: Float64Array;
  gradView: Float64Array;
}

function sampleShape(x: ReconstructionInputs, views: number): SampleShape {
  return {
    imageBatch: views,
    channels: 3,
    inHeight: x.height,
    inWidth: x.width,
    views,
    outHeight: x.height,
    outWidth: x.width,
  };
}

export function reconstructForward(x: ReconstructionInputs): Reconstruction {
  const views = viewCount(x.view);
  checkLength('reconstruct light', x.light, views * LIGHT_SIZE, `[${views}, 4]`);
  const { height: h, width: w } = x;
  const normals = normalsForward(x.depth, x.depthBatch, h, w, x.fovDegrees);
  const diffuse = diffuseForward(normals, x.depthBatch, x.light, h, w);
  const texture = textureForward(x.albedo, x.albedoBatch, diffuse, x.light, h, w);
  const raster = rasterizeDepthForward(x.depth, x.depthBatch, x.view, h, w, x.fovDegrees);
  const grid = inverseWarpGridForward(raster.depth, x.view, h, w, x.fovDegrees);
  const sampled = gridSampleForward(texture, grid, sampleShape(x, views));
  const image = clampUnit(sampled);
  return { normals, diffuse, texture, raster, grid, sampled, image, mask: raster.mask };
}

/**
 * Gradients of a loss given dL/d image ([B, 3, H, W]) and optionally dL/d diffuse ([B, 1, H, W], e.g. from the
 * smoothness term on the diffuse shading). The mask is detached, as in the method.
 */
export function reconstructBackward(
  x: ReconstructionInputs,
  fwd: Reconstruction,
  gradImage: ArrayLike<number>,
  gradDiffuseExtra?: ArrayLike<number>,
): ReconstructionGradients {
  const views = viewCount(x.view);
  const { height: h, width: w } = x;
  checkLength('reconstructBackward gradImage', gradImage, views * 3 * h * w, `[${views}, 3, ${h}, ${w}]`);
  const gradSampled = clampUnitBackward(fwd.sampled, gradImage);
  const gs = gridSampleBackward(fwd.texture, fwd.grid, sampleShape(x, views), gradSampled);
  const gw = inverseWarpGridBackward(fwd.raster.depth, x.view, h, w, gs.gradGrid, x.fovDegrees);
  const gr = rasterizeDepthBackward(x.depth, x.depthBatch, x.view, h, w, fwd.raster, gw.gradDepth, x.fovDegrees);
  const gt = textureBackward(x.albedo, x.albedoBatch, fwd.diffuse, x.light, h, w, gs.gradImage);
  if (gradDiffuseExtra) {
    checkLength('reconstructBackward gradDiffuse', gradDiffuseExtra, views * h * w, `[${views}, 1, ${h}, ${w}]`);
    for (let i = 0; i < gt.gradDiffuse.length; i++) gt.gradDiffuse[i] += gradDiffuseExtra[i];
  }
  const gd = diffuseBackward(fwd.normals, x.depthBatch, x.light, h, w, gt.gradDiffuse);
  const gn = normalsBackward(x.depth, gd.gradNormals, x.depthBatch, h, w, x.fovDegrees);
  const gradDepth = gr.gradDepth.map((v, i) => v + gn[i]);
  const gradLight = gt.gradLight.map((v, i) => v + gd.gradLight[i]);
  const gradView = gw.gradView.map((v, i) => v + gr.gradView[i]);
  return { gradDepth, gradAlbedo: gt.gradAlbedo, gradLight, gradView };
}
