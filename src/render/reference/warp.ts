/**
 * Warp grids (method reference section 3), as [B, H, W, 2] arrays of grid_sample coordinates (x, y) in [-1, 1]
 * (align_corners = true: -1 is pixel 0, +1 is pixel size-1).
 * - inverse warp: back-project the depth rendered in view b, P -> R^T (P - t - C) + C, project: where each view
 *   pixel finds its colour in the canonical image (differentiable in the depth and the view).
 * - forward warp: canonical points moved into view b and projected: where each canonical pixel lands in the view
 *   (used to carry masks from the input view back to the canonical frame; forward only).
 */

import { broadcastIndex, checkBroadcast, checkLength } from './batch';
import { makeCamera, pixelRay, pixelToNormalized, project, projectBackward } from './camera';
import { viewCount } from './rasterize';
import { rotationMatrix, toCanonical, toCanonicalBackward, toView, VIEW_SIZE, writeViewGradient } from './view';

export function inverseWarpGridForward(
  reconDepth: ArrayLike<number>,
  view: ArrayLike<number>,
  height: number,
  width: number,
  fovDegrees?: number,
): Float64Array {
  const cam = makeCamera(height, width, fovDegrees);
  const views = viewCount(view);
  const hw = height * width;
  checkLength('inverseWarpGrid depth', reconDepth, views * hw, `[${views}, ${height}, ${width}]`);
  const grid = new Float64Array(views * hw * 2);
  for (let b = 0; b < views; b++) {
    const R = rotationMatrix(view, b);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const i = b * hw + r * width + c;
        const ray = pixelRay(cam, r, c);
        const d = reconDepth[i];
        const q = toCanonical(R, view, b, [d * ray[0], d * ray[1], d]);
        const [u, v] = project(cam, q[0], q[1], q[2]);
        grid[i * 2] = pixelToNormalized(u, width);
        grid[i * 2 + 1] = pixelToNormalized(v, height);
      }
    }
  }
  return grid;
}

export function inverseWarpGridBackward(
  reconDepth: ArrayLike<number>,
  view: ArrayLike<number>,
  height: number,
  width: number,
  gradGrid: ArrayLike<number>,
  fovDegrees?: number,
): { gradDepth: Float64Array; gradView: Float64Array } {
  const cam = makeCamera(height, width, fovDegrees);
  const views = viewCount(view);
  const hw = height * width;
  checkLength('inverseWarpGridBackward gradGrid', gradGrid, views * hw * 2, `[${views}, ${height}, ${width}, 2]`);
  const gradDepth = new Float64Array(views * hw);
  const gradView = new Float64Array(views * VIEW_SIZE);
  for (let b = 0; b < views; b++) {
    const R = rotationMatrix(view, b);
    const gradR = new Float64Array(9);
    const gradT = new Float64Array(3);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const i = b * hw + r * width + c;
        const ray = pixelRay(cam, r, c);
        const d = reconDepth[i];
        const p = [d * ray[0], d * ray[1], d];
        const q = toCanonical(R, view, b, p);
        const gu = (gradGrid[i * 2] * 2) / (width - 1);
        const gv = (gradGrid[i * 2 + 1] * 2) / (height - 1);
        const gq = projectBackward(cam, q[0], q[1], q[2], gu, gv);
        const gp = toCanonicalBackward(R, view, b, p, gq, gradR, gradT);
        gradDepth[i] = gp[0] * ray[0] + gp[1] * ray[1] + gp[2];
      }
    }
    writeViewGradient(view, b, gradR, gradT, gradView);
  }
  return { gradDepth, gradView };
}

export function forwardWarpGrid(
  depth: ArrayLike<number>,
  depthBatch: number,
  view: ArrayLike<number>,
  height: number,
  width: number,
  fovDegrees?: number,
): Float64Array {
  const cam = makeCamera(height, width, fovDegrees);
  const views = viewCount(view);
  checkBroadcast('forwardWarpGrid depth', depthBatch, views);
  const hw = height * width;
  checkLength('forwardWarpGrid depth', depth, depthBatch * hw, `[${depthBatch}, ${height}, ${width}]`);
  const grid = new Float64Array(views * hw * 2);
  for (let b = 0; b < views; b++) {
    const R = rotationMatrix(view, b);
    const base = broadcastIndex(depthBatch, b) * hw;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const ray = pixelRay(cam, r, c);
        const d = depth[base + r * width + c];
        const p = toView(R, view, b, [d * ray[0], d * ray[1], d]);
        const [u, v] = project(cam, p[0], p[1], p[2]);
        const o = (b * hw + r * width + c) * 2;
        grid[o] = pixelToNormalized(u, width);
        grid[o + 1] = pixelToNormalized(v, height);
      }
    }
  }
  return grid;
}
