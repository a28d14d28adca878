/**
 * Depth rendering of the canonical depth mesh into views (the reference's warp_canon_depth, method section 3):
 * vertices moved into view b, projected, rasterized with perspective-correct depth and a min-z test at 2x
 * supersampling, each output pixel the mean of its 2x2 samples (background RASTER_FAR), then clamped to
 * [0.8, 1.2]. The validity mask is [recon_depth < 1.2].
 * depth: [Bd, H, W] with Bd = 1 (broadcast) or B; view: [B, 6]; outputs [B, H, W].
 */

import { broadcastIndex, checkBroadcast, checkLength } from './batch';
import { type Camera, makeCamera, pixelRay, projectBackward } from './camera';
import { sampleDepthGradient, samplePosition, sampleTriangle, triangleVertices, viewVertices, zBuffer } from './mesh';
import { toViewBackward, VIEW_SIZE, writeViewGradient } from './view';

export const DEPTH_CLAMP_MIN = 0.8;
export const DEPTH_CLAMP_MAX = 1.2;

export interface RasterizedDepth {
  /** Clamped rendered depth [B, H, W]. */
  depth: Float64Array;
  /** The 2x2 mean before the clamp (the clamp's backward needs it). */
  unclamped: Float64Array;
  /** 1 where depth < DEPTH_CLAMP_MAX, else 0: [B, H, W]. */
  mask: Float64Array;
  /** Winning triangle per supersample, -1 for background: [B, 2H, 2W]. */
  faces: Int32Array;
}

export function viewCount(view: ArrayLike<number>): number {
  if (view.length === 0 || view.length % VIEW_SIZE !== 0) {
    throw new Error(`view must be [B, 6], got ${view.length} values`);
  }
  return view.length / VIEW_SIZE;
}

function checkInputs(depth: ArrayLike<number>, depthBatch: number, view: ArrayLike<number>, cam: Camera): number {
  const views = viewCount(view);
  checkBroadcast('rasterizeDepth depth', depthBatch, views);
  checkLength('rasterizeDepth depth', depth, depthBatch * cam.height * cam.width, `[${depthBatch}, H, W]`);
  return views;
}

export function rasterizeDepthForward(
  depth: ArrayLike<number>,
  depthBatch: number,
  view: ArrayLike<number>,
  height: number,
  width: number,
  fovDegrees?: number,
): RasterizedDepth {
  const cam = makeCamera(height, width, fovDegrees);
  const views = checkInputs(depth, depthBatch, view, cam);
  const hw = height * width;
  const out: RasterizedDepth = {
    depth: new Float64Array(views * hw),
    unclamped: new Float64Array(views * hw),
    mask: new Float64Array(views * hw),
    faces: new Int32Array(views * 4 * hw),
  };
  for (let b = 0; b < views; b++) {
    const { screen } = viewVertices(depth, depthBatch, view, b, cam);
    const zb = zBuffer(screen, height, width);
    out.faces.set(zb.face, b * 4 * hw);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const s = 2 * r * 2 * width + 2 * c;
        const mean = (zb.z[s] + zb.z[s + 1] + zb.z[s + 2 * width] + zb.z[s + 2 * width + 1]) / 4;
        const i = b * hw + r * width + c;
        out.unclamped[i] = mean;
        out.depth[i] = Math.min(DEPTH_CLAMP_MAX, Math.max(DEPTH_CLAMP_MIN, mean));
        out.mask[i] = out.depth[i] < DEPTH_CLAMP_MAX ? 1 : 0;
      }
    }
  }
  return out;
}

/**
 * Backward of rasterizeDepthForward: each pixel inside the clamp range sends a quarter of its gradient to each
 * covered supersample, whose depth moves with the winning triangle's three vertices (fixed winner, no visibility
 * gradient); vertex gradients go through the projection and the view transform to the depth map and the view.
 */
export function rasterizeDepthBackward(
  depth: ArrayLike<number>,
  depthBatch: number,
  view: ArrayLike<number>,
  height: number,
  width: number,
  forward: RasterizedDepth,
  gradOut: ArrayLike<number>,
  fovDegrees?: number,
): { gradDepth: Float64Array; gradView: Float64Array } {
  const cam = makeCamera(height, width, fovDegrees);
  const views = checkInputs(depth, depthBatch, view, cam);
  const hw = height * width;
  checkLength('rasterizeDepthBackward gradOut', gradOut, views * hw, `[${views}, ${height}, ${width}]`);
  const gradDepth = new Float64Array(depthBatch * hw);
  const gradView = new Float64Array(views * VIEW_SIZE);
  const sw = 2 * width;
  for (let b = 0; b < views; b++) {
    const { points, screen, R } = viewVertices(depth, depthBatch, view, b, cam);
    const gScreen = new Float64Array(hw * 3);
    for (let sr = 0; sr < 2 * height; sr++) {
      for (let sc = 0; sc < sw; sc++) {
        const tri = forward.faces[b * 4 * hw + sr * sw + sc];
        const pixel = b * hw + (sr >> 1) * width + (sc >> 1);
        const mean = forward.unclamped[pixel];
        if (tri < 0 || mean < DEPTH_CLAMP_MIN || mean > DEPTH_CLAMP_MAX) continue;
        const g = gradOut[pixel] / 4;
        if (g === 0) continue;
        const verts = triangleVertices(tri, width);
        const px = samplePosition(sc);
        const py = samplePosition(sr);
        const s = sampleTriangle(screen, verts, px, py);
        if (!s) throw new Error('rasterizeDepthBackward: forward state does not match the inputs');
        const dz = sampleDepthGradient(screen, verts, px, py, s);
        for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) gScreen[verts[k] * 3 + j] += g * dz[k * 3 + j];
      }
    }
    const gradR = new Float64Array(9);
    const gradT = new Float64Array(3);
    const base = broadcastIndex(depthBatch, b) * hw;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const i = r * width + c;
        const p = [points[i * 3], points[i * 3 + 1], points[i * 3 + 2]];
        const gp = projectBackward(cam, p[0], p[1], p[2], gScreen[i * 3], gScreen[i * 3 + 1]);
        gp[2] += gScreen[i * 3 + 2];
        const ray = pixelRay(cam, r, c);
        const d = depth[base + i];
        const gCanon = toViewBackward(R, [d * ray[0], d * ray[1], d], gp, gradR, gradT);
        gradDepth[base + i] += gCanon[0] * ray[0] + gCanon[1] * ray[1] + gCanon[2];
      }
    }
    writeViewGradient(view, b, gradR, gradT, gradView);
  }
  return { gradDepth, gradView };
}
