/**
 * Warps canonical images into views through the depth (method reference sections 3 and 5, step 2 pseudo
 * samples): the depth rendered in each view gives the inverse-warp grid, the image is sampled bilinearly, and a
 * mask (all ones, or the canonical object mask) is sampled nearest, so it is 0 where the warp leaves the image.
 * Differentiable like the ops it uses (the method calls it without gradients).
 */
import type { Tensor } from '../engine/tensor';
import type { CameraParams } from './kernels/shading.kernels';
import { gridSample, gridSampleNearest, inverseWarpGrid, rasterizeDepth } from './ops';

export interface WarpToViewsInput {
  /** Canonical depth [Bd, H, W], Bd = 1 (broadcast) or B. */
  depth: Tensor;
  /** Canonical image [Bi, C, H, W], Bi = 1 (broadcast) or B. */
  image: Tensor;
  /** Views [B, 6]. */
  view: Tensor;
  /** Canonical mask [Bm, 1, H, W]; default all ones. */
  mask?: Tensor;
}

export interface WarpToViewsOutput {
  /** grid_sample of the image (bilinear, zeros outside): [B, C, H, W]. */
  image: Tensor;
  /** Nearest-sampled mask, 0 where the warp leaves the image: [B, 1, H, W]. */
  mask: Tensor;
  /** Depth rendered in the views, clamped to [0.8, 1.2], and its validity mask [recon < 1.2]: [B, H, W]. */
  reconDepth: Tensor;
  valid: Tensor;
}

export function warpToViews(x: WarpToViewsInput, camera: CameraParams = {}): WarpToViewsOutput {
  const { depth: reconDepth, mask: valid } = rasterizeDepth(x.depth, x.view, camera);
  const grid = inverseWarpGrid(reconDepth, x.view, camera);
  const image = gridSample(x.image, grid);
  const [, , h, w] = x.image.shape;
  const ones = x.mask ? null : x.image.backend.full([1, 1, h, w], 1);
  const mask = gridSampleNearest(x.mask ?? ones!, grid);
  ones?.release();
  return { image, mask, reconDepth, valid };
}
