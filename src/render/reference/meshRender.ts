/**
 * Forward-only textured-mesh render (the reference's render_rgb with ambient 1, directional 0): the canonical
 * depth mesh, coloured per vertex with the image's pixels, rasterized into view b with the same z-buffer as the
 * depth renderer; a covered supersample takes the perspective-correct barycentric mix of its triangle's three
 * vertex colours (the reference's 2x2x2 texture cubes approximate this), an empty one the background; 2x2 mean.
 * Disoccluded regions show the stretched triangles between surfaces, as in the reference.
 * depth [Bd, H, W], colors [Bc, C, H, W] (Bd, Bc in {1, B}), view [B, 6]; image [B, C, H, W] and coverage
 * [B, 1, H, W] (fraction of covered supersamples).
 */

import { broadcastIndex, checkBroadcast, checkLength } from './batch';
import { makeCamera } from './camera';
import { samplePosition, sampleTriangle, triangleVertices, viewVertices, zBuffer } from './mesh';
import { viewCount } from './rasterize';

export interface MeshRenderOptions {
  /** Colour of empty samples in image units ([-1, 1] images: 1 is white, the reference's background). */
  background?: number;
  fovDegrees?: number;
}

export function renderTexturedMesh(
  depth: ArrayLike<number>,
  depthBatch: number,
  colors: ArrayLike<number>,
  colorBatch: number,
  channels: number,
  view: ArrayLike<number>,
  height: number,
  width: number,
  options: MeshRenderOptions = {},
): { image: Float64Array; coverage: Float64Array } {
  const cam = makeCamera(height, width, options.fovDegrees);
  const background = options.background ?? 1;
  const views = viewCount(view);
  checkBroadcast('renderTexturedMesh depth', depthBatch, views);
  checkBroadcast('renderTexturedMesh colors', colorBatch, views);
  const hw = height * width;
  checkLength('renderTexturedMesh depth', depth, depthBatch * hw, `[${depthBatch}, ${height}, ${width}]`);
  checkLength('renderTexturedMesh colors', colors, colorBatch * channels * hw, `[${colorBatch}, ${channels}, H, W]`);
  const image = new Float64Array(views * channels * hw);
  const coverage = new Float64Array(views * hw);
  const sw = 2 * width;
  for (let b = 0; b < views; b++) {
    const { screen } = viewVertices(depth, depthBatch, view, b, cam);
    const { face } = zBuffer(screen, height, width);
    const cb = broadcastIndex(colorBatch, b) * channels * hw;
    for (let sr = 0; sr < 2 * height; sr++) {
      for (let sc = 0; sc < sw; sc++) {
        const pixel = (sr >> 1) * width + (sc >> 1);
        const tri = face[sr * sw + sc];
        if (tri < 0) {
          for (let ch = 0; ch < channels; ch++) image[(b * channels + ch) * hw + pixel] += background / 4;
          continue;
        }
        const verts = triangleVertices(tri, width);
        const s = sampleTriangle(screen, verts, samplePosition(sc), samplePosition(sr));
        if (!s) throw new Error('renderTexturedMesh: z-buffer winner does not cover its sample');
        const pc = verts.map((v, k) => (s.w[k] * s.z) / screen[v * 3 + 2]);
        coverage[b * hw + pixel] += 1 / 4;
        for (let ch = 0; ch < channels; ch++) {
          let v = 0;
          for (let k = 0; k < 3; k++) v += pc[k] * colors[cb + ch * hw + verts[k]];
          image[(b * channels + ch) * hw + pixel] += v / 4;
        }
      }
    }
  }
  return { image, coverage };
}
