/**
 * Normals from depth (method reference section 3): back-project every pixel, t_u = P[r, c+1] - P[r, c-1],
 * t_v = P[r+1, c] - P[r-1, c], n = t_u x t_v, n / (|n| + 1e-7); the 1-pixel border is (0, 0, 1) (also divided by
 * 1 + 1e-7, as the reference normalises the whole map). depth: [B, H, W]; normals: [B, 3, H, W].
 *
 * The one CPU normals-from-depth: the renderer's float64 reference (the engine's cpu kernel and the WGSL kernels'
 * test oracle) and, through `normalsOf(..., { layout: 'interleaved', epsilon })`, the SIDE/MAD metrics
 * (src/data/metrics/normalsFromDepth.ts). They differ on purpose only in the layout ([B, 3, H, W] here,
 * [H, W, 3] there) and in the epsilon the metrics may set to 0 for exactly unit normals.
 */

import { checkLength } from './batch';
import { type Camera, makeCamera, pixelRay } from './camera';

export const NORMAL_EPS = 1e-7;

function point(depth: ArrayLike<number>, cam: Camera, base: number, r: number, c: number): number[] {
  const d = depth[base + r * cam.width + c];
  const ray = pixelRay(cam, r, c);
  return [d * ray[0], d * ray[1], d];
}

function cross(a: ArrayLike<number>, b: ArrayLike<number>): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function tangents(depth: ArrayLike<number>, cam: Camera, base: number, r: number, c: number): [number[], number[]] {
  const right = point(depth, cam, base, r, c + 1);
  const left = point(depth, cam, base, r, c - 1);
  const down = point(depth, cam, base, r + 1, c);
  const up = point(depth, cam, base, r - 1, c);
  return [right.map((v, i) => v - left[i]), down.map((v, i) => v - up[i])];
}

function isBorder(r: number, c: number, h: number, w: number): boolean {
  return r === 0 || c === 0 || r === h - 1 || c === w - 1;
}

export interface NormalsOptions {
  fovDegrees?: number;
  /** Added to |n| before dividing (default NORMAL_EPS, the reference's); 0 gives exactly unit normals. */
  epsilon?: number;
  /** 'planar' (default): [B, 3, H, W], the renderer's; 'interleaved': [B, H, W, 3], the metrics'. */
  layout?: 'planar' | 'interleaved';
}

/** Normals of depth [B, H, W] in either layout; see the header for the formula. */
export function normalsOf(
  depth: ArrayLike<number>,
  batch: number,
  height: number,
  width: number,
  { fovDegrees, epsilon = NORMAL_EPS, layout = 'planar' }: NormalsOptions = {},
): Float64Array {
  checkLength('normalsForward depth', depth, batch * height * width, `[${batch}, ${height}, ${width}]`);
  const cam = makeCamera(height, width, fovDegrees);
  const hw = height * width;
  const out = new Float64Array(batch * 3 * hw);
  const interleaved = layout === 'interleaved';
  const channelStride = interleaved ? 1 : hw;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        let n: number[] = [0, 0, 1];
        if (!isBorder(r, c, height, width)) {
          const [tu, tv] = tangents(depth, cam, b * hw, r, c);
          n = cross(tu, tv);
        }
        const inv = 1 / (Math.hypot(n[0], n[1], n[2]) + epsilon);
        const pixel = r * width + c;
        const o = b * 3 * hw + (interleaved ? 3 * pixel : pixel);
        for (let k = 0; k < 3; k++) out[o + k * channelStride] = n[k] * inv;
      }
    }
  }
  return out;
}

/** The renderer's normals: [B, 3, H, W] with the reference's epsilon. */
export function normalsForward(
  depth: ArrayLike<number>,
  batch: number,
  height: number,
  width: number,
  fovDegrees?: number,
): Float64Array {
  return normalsOf(depth, batch, height, width, { fovDegrees });
}

/** dL/d depth from dL/d normals ([B, 3, H, W]); the border normals are constants. */
export function normalsBackward(
  depth: ArrayLike<number>,
  gradNormals: ArrayLike<number>,
  batch: number,
  height: number,
  width: number,
  fovDegrees?: number,
): Float64Array {
  checkLength('normalsBackward gradNormals', gradNormals, batch * 3 * height * width, `[${batch}, 3, H, W]`);
  const cam = makeCamera(height, width, fovDegrees);
  const hw = height * width;
  const grad = new Float64Array(batch * hw);
  const addPoint = (base: number, r: number, c: number, g: number[], sign: number) => {
    const ray = pixelRay(cam, r, c);
    grad[base + r * width + c] += sign * (g[0] * ray[0] + g[1] * ray[1] + g[2]);
  };
  for (let b = 0; b < batch; b++) {
    for (let r = 1; r < height - 1; r++) {
      for (let c = 1; c < width - 1; c++) {
        const [tu, tv] = tangents(depth, cam, b * hw, r, c);
        const n = cross(tu, tv);
        const len = Math.hypot(n[0], n[1], n[2]);
        const g = [0, 1, 2].map((k) => gradNormals[(b * 3 + k) * hw + r * width + c]);
        const s = len + NORMAL_EPS;
        const ng = n[0] * g[0] + n[1] * g[1] + n[2] * g[2];
        const radial = len > 0 ? ng / (len * s * s) : 0;
        const gn = g.map((v, k) => v / s - n[k] * radial);
        const gTu = cross(tv, gn);
        const gTv = cross(gn, tu);
        addPoint(b * hw, r, c + 1, gTu, 1);
        addPoint(b * hw, r, c - 1, gTu, -1);
        addPoint(b * hw, r + 1, c, gTv, 1);
        addPoint(b * hw, r - 1, c, gTv, -1);
      }
    }
  }
  return grad;
}
