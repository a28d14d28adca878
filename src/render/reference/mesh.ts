/**
 * The depth-map mesh (method reference section 3): every pixel is a vertex (index r * W + c); each cell (r, c)
 * has two triangles, k = 0: (r,c), (r+1,c), (r,c+1) and k = 1: (r,c+1), (r+1,c), (r+1,c+1), triangle index
 * (r * (W-1) + c) * 2 + k. No culling (the reference duplicates reversed faces; a z-test needs only one copy).
 *
 * Sampling convention: rasterization is 2x supersampled. Supersample (sr, sc) of the 2H x 2W grid sits at pixel
 * coordinates (x, y) = (sc / 2 - 0.25, sr / 2 - 0.25), i.e. output pixel (r, c) averages the four points
 * (c +- 0.25, r +- 0.25). Pixel centres are at integer coordinates, the same convention as the back-projection
 * and the grid_sample grid (the reference's neural_renderer differs by about half a pixel; see the method notes).
 */

import { broadcastIndex } from './batch';
import { type Camera, pixelRay, project } from './camera';
import { type Mat3, rotationMatrix, toView } from './view';

export const RASTER_NEAR = 0.1;
/** Background depth of render_depth (the rasterizer's far plane). */
export const RASTER_FAR = 100;

export function triangleCount(height: number, width: number): number {
  return (height - 1) * (width - 1) * 2;
}

export function triangleVertices(tri: number, width: number): [number, number, number] {
  const cell = tri >> 1;
  const r = Math.floor(cell / (width - 1));
  const c = cell % (width - 1);
  const i = r * width + c;
  return tri & 1 ? [i + 1, i + width, i + width + 1] : [i, i + width, i + 1];
}

export function samplePosition(index: number): number {
  return index / 2 - 0.25;
}

/**
 * Vertices of the canonical depth map (batch entry `depthIndex`) moved into view b: the view-space points
 * (x, y, z) and their projections (u, v, z), both [H*W*3].
 */
export function viewVertices(
  depth: ArrayLike<number>,
  depthBatch: number,
  view: ArrayLike<number>,
  b: number,
  cam: Camera,
): { points: Float64Array; screen: Float64Array; R: Mat3 } {
  const hw = cam.height * cam.width;
  const base = broadcastIndex(depthBatch, b) * hw;
  const R = rotationMatrix(view, b);
  const points = new Float64Array(hw * 3);
  const screen = new Float64Array(hw * 3);
  for (let r = 0; r < cam.height; r++) {
    for (let c = 0; c < cam.width; c++) {
      const i = r * cam.width + c;
      const d = depth[base + i];
      const ray = pixelRay(cam, r, c);
      const p = toView(R, view, b, [d * ray[0], d * ray[1], d]);
      const uv = project(cam, p[0], p[1], p[2]);
      points.set(p, i * 3);
      screen.set([uv[0], uv[1], p[2]], i * 3);
    }
  }
  return { points, screen, R };
}

export interface TriangleSample {
  /** Screen-space barycentric weights. */
  w: [number, number, number];
  /** Perspective-correct depth 1 / sum(w_i / z_i). */
  z: number;
  /** Edge-function numerators N_i (w_i = N_i / A) and the doubled signed area A, kept for the backward. */
  n: [number, number, number];
  area: number;
}

/** Samples triangle (a, b, c) of `screen` at (px, py); null when outside, degenerate, or outside (near, far). */
export function sampleTriangle(
  screen: ArrayLike<number>,
  verts: readonly number[],
  px: number,
  py: number,
): TriangleSample | null {
  const x = verts.map((v) => screen[v * 3]);
  const y = verts.map((v) => screen[v * 3 + 1]);
  const z = verts.map((v) => screen[v * 3 + 2]);
  if (z[0] <= RASTER_NEAR || z[1] <= RASTER_NEAR || z[2] <= RASTER_NEAR) return null;
  // N_i = cross(v_{i+1} - p, v_{i+2} - p).
  const n: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const j = (i + 1) % 3;
    const k = (i + 2) % 3;
    n[i] = (x[j] - px) * (y[k] - py) - (y[j] - py) * (x[k] - px);
  }
  const area = n[0] + n[1] + n[2];
  if (area === 0) return null;
  const w: [number, number, number] = [n[0] / area, n[1] / area, n[2] / area];
  if (w[0] < 0 || w[1] < 0 || w[2] < 0) return null;
  const zp = 1 / (w[0] / z[0] + w[1] / z[1] + w[2] / z[2]);
  if (!(zp > RASTER_NEAR && zp < RASTER_FAR)) return null;
  return { w, z: zp, n, area };
}

/**
 * d z / d (u_i, v_i, z_i) of a sample for the three vertices, with the winning triangle fixed (no visibility
 * gradient): dz/dz_i = w_i z^2 / z_i^2, and through the barycentrics dz/dN_j = (z - z^2 / z_j) / A with
 * dN_j/d(vertex) from the edge functions. Returns 9 numbers (u, v, z per vertex).
 */
export function sampleDepthGradient(
  screen: ArrayLike<number>,
  verts: readonly number[],
  px: number,
  py: number,
  s: TriangleSample,
): Float64Array {
  const x = verts.map((v) => screen[v * 3]);
  const y = verts.map((v) => screen[v * 3 + 1]);
  const z = verts.map((v) => screen[v * 3 + 2]);
  const gN = z.map((zj) => (s.z - (s.z * s.z) / zj) / s.area);
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    const j = (i + 1) % 3;
    const k = (i + 2) % 3;
    out[i * 3] = -gN[j] * (y[k] - py) + gN[k] * (y[j] - py);
    out[i * 3 + 1] = gN[j] * (x[k] - px) - gN[k] * (x[j] - px);
    out[i * 3 + 2] = (s.w[i] * s.z * s.z) / (z[i] * z[i]);
  }
  return out;
}

/** The triangle's supersample bounding box, clipped to the 2H x 2W grid; null if empty. */
export function sampleBox(
  screen: ArrayLike<number>,
  verts: readonly number[],
  height: number,
  width: number,
): { r0: number; r1: number; c0: number; c1: number } | null {
  const xs = verts.map((v) => screen[v * 3]);
  const ys = verts.map((v) => screen[v * 3 + 1]);
  // Supersample index s sits at s / 2 - 0.25, so s = 2 (x + 0.25).
  const c0 = Math.max(0, Math.ceil(2 * (Math.min(...xs) + 0.25)));
  const c1 = Math.min(2 * width - 1, Math.floor(2 * (Math.max(...xs) + 0.25)));
  const r0 = Math.max(0, Math.ceil(2 * (Math.min(...ys) + 0.25)));
  const r1 = Math.min(2 * height - 1, Math.floor(2 * (Math.max(...ys) + 0.25)));
  if (!(c0 <= c1 && r0 <= r1)) return null;
  return { r0, r1, c0, c1 };
}

/**
 * Z-buffer of one view at 2x supersampling: per sample the nearest depth (RASTER_FAR where empty) and the
 * winning triangle (-1 where empty). Triangles are visited in index order and only a strictly nearer sample
 * replaces the stored one, so ties go to the lowest triangle index (the rule the GPU kernels follow).
 */
export function zBuffer(
  screen: ArrayLike<number>,
  height: number,
  width: number,
): { z: Float64Array; face: Int32Array } {
  const sw = 2 * width;
  const z = new Float64Array(4 * height * width).fill(RASTER_FAR);
  const face = new Int32Array(4 * height * width).fill(-1);
  const count = triangleCount(height, width);
  for (let t = 0; t < count; t++) {
    const verts = triangleVertices(t, width);
    const box = sampleBox(screen, verts, height, width);
    if (!box) continue;
    for (let sr = box.r0; sr <= box.r1; sr++) {
      for (let sc = box.c0; sc <= box.c1; sc++) {
        const s = sampleTriangle(screen, verts, samplePosition(sc), samplePosition(sr));
        if (s && s.z < z[sr * sw + sc]) {
          z[sr * sw + sc] = s.z;
          face[sr * sw + sc] = t;
        }
      }
    }
  }
  return { z, face };
}
