/**
 * grid_sample as PyTorch <= 1.2 does it: bilinear, align_corners = true (x_pix = (g_x + 1) / 2 * (W_in - 1)),
 * zero padding (taps outside the image contribute 0). image: [Bi, C, Hi, Wi] with Bi = 1 (broadcast) or B;
 * grid: [B, Ho, Wo, 2] as (x, y); output [B, C, Ho, Wo]. Also the nearest mode (forward only) used for masks.
 */
import { broadcastIndex, checkBroadcast, checkLength } from './batch';

export interface SampleShape {
  imageBatch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  views: number;
  outHeight: number;
  outWidth: number;
}

function check(what: string, image: ArrayLike<number>, grid: ArrayLike<number>, s: SampleShape): void {
  checkBroadcast(what, s.imageBatch, s.views);
  checkLength(`${what} image`, image, s.imageBatch * s.channels * s.inHeight * s.inWidth, '[Bi, C, Hi, Wi]');
  checkLength(`${what} grid`, grid, s.views * s.outHeight * s.outWidth * 2, '[B, Ho, Wo, 2]');
}

interface Taps {
  x0: number;
  y0: number;
  fx: number;
  fy: number;
}

function taps(gx: number, gy: number, s: SampleShape): Taps {
  const x = ((gx + 1) / 2) * (s.inWidth - 1);
  const y = ((gy + 1) / 2) * (s.inHeight - 1);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  return { x0, y0, fx: x - x0, fy: y - y0 };
}

function inside(y: number, x: number, s: SampleShape): boolean {
  return y >= 0 && y < s.inHeight && x >= 0 && x < s.inWidth;
}

export function gridSampleForward(image: ArrayLike<number>, grid: ArrayLike<number>, s: SampleShape): Float64Array {
  check('gridSampleForward', image, grid, s);
  const outHw = s.outHeight * s.outWidth;
  const inHw = s.inHeight * s.inWidth;
  const out = new Float64Array(s.views * s.channels * outHw);
  for (let b = 0; b < s.views; b++) {
    const ib = broadcastIndex(s.imageBatch, b);
    for (let o = 0; o < outHw; o++) {
      const t = taps(grid[(b * outHw + o) * 2], grid[(b * outHw + o) * 2 + 1], s);
      for (let ch = 0; ch < s.channels; ch++) {
        const plane = (ib * s.channels + ch) * inHw;
        let v = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const y = t.y0 + dy;
            const x = t.x0 + dx;
            if (!inside(y, x, s)) continue;
            const w = (dx ? t.fx : 1 - t.fx) * (dy ? t.fy : 1 - t.fy);
            v += w * image[plane + y * s.inWidth + x];
          }
        }
        out[(b * s.channels + ch) * outHw + o] = v;
      }
    }
  }
  return out;
}

export function gridSampleBackward(
  image: ArrayLike<number>,
  grid: ArrayLike<number>,
  s: SampleShape,
  gradOut: ArrayLike<number>,
): { gradImage: Float64Array; gradGrid: Float64Array } {
  check('gridSampleBackward', image, grid, s);
  const outHw = s.outHeight * s.outWidth;
  const inHw = s.inHeight * s.inWidth;
  checkLength('gridSampleBackward gradOut', gradOut, s.views * s.channels * outHw, '[B, C, Ho, Wo]');
  const gradImage = new Float64Array(s.imageBatch * s.channels * inHw);
  const gradGrid = new Float64Array(s.views * outHw * 2);
  for (let b = 0; b < s.views; b++) {
    const ib = broadcastIndex(s.imageBatch, b);
    for (let o = 0; o < outHw; o++) {
      const t = taps(grid[(b * outHw + o) * 2], grid[(b * outHw + o) * 2 + 1], s);
      let gx = 0;
      let gy = 0;
      for (let ch = 0; ch < s.channels; ch++) {
        const plane = (ib * s.channels + ch) * inHw;
        const g = gradOut[(b * s.channels + ch) * outHw + o];
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const y = t.y0 + dy;
            const x = t.x0 + dx;
            if (!inside(y, x, s)) continue;
            const wx = dx ? t.fx : 1 - t.fx;
            const wy = dy ? t.fy : 1 - t.fy;
            const v = image[plane + y * s.inWidth + x];
            gradImage[plane + y * s.inWidth + x] += g * wx * wy;
            gx += g * v * (dx ? 1 : -1) * wy;
            gy += g * v * (dy ? 1 : -1) * wx;
          }
        }
      }
      gradGrid[(b * outHw + o) * 2] = (gx * (s.inWidth - 1)) / 2;
      gradGrid[(b * outHw + o) * 2 + 1] = (gy * (s.inHeight - 1)) / 2;
    }
  }
  return { gradImage, gradGrid };
}

/** Nearest-neighbour sampling (round half up), zero outside: the mask warps use it. */
export function gridSampleNearest(image: ArrayLike<number>, grid: ArrayLike<number>, s: SampleShape): Float64Array {
  check('gridSampleNearest', image, grid, s);
  const outHw = s.outHeight * s.outWidth;
  const inHw = s.inHeight * s.inWidth;
  const out = new Float64Array(s.views * s.channels * outHw);
  for (let b = 0; b < s.views; b++) {
    const ib = broadcastIndex(s.imageBatch, b);
    for (let o = 0; o < outHw; o++) {
      const x = Math.floor(((grid[(b * outHw + o) * 2] + 1) / 2) * (s.inWidth - 1) + 0.5);
      const y = Math.floor(((grid[(b * outHw + o) * 2 + 1] + 1) / 2) * (s.inHeight - 1) + 0.5);
      if (!inside(y, x, s)) continue;
      for (let ch = 0; ch < s.channels; ch++) {
        out[(b * s.channels + ch) * outHw + o] = image[(ib * s.channels + ch) * inHw + y * s.inWidth + x];
      }
    }
  }
  return out;
}
