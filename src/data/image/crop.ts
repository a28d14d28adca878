/**
 * The square crop the user adjusts, and resampling of that crop to the method's S x S input in [-1, 1] (CHW).
 * Shrinking uses an exact area (box) filter like PyTorch's adaptive average pooling; enlarging is bilinear with
 * align_corners = false, the same conventions as the method's preprocessing. A crop placed from face landmarks
 * carries an angle (src/data/face: rotated so the eyes are level) and may leave the image: outside it the border
 * pixels are replicated (rotatedCrop.ts), as they are for an axis-aligned box, whose taps are clamped.
 */
import type { RgbaImage } from './rgba';
import { uprightCrop } from './rotatedCrop';

/**
 * A square crop in source pixels: the square [x, x + size] x [y, y + size], turned by `angle` about its centre.
 * x, y is the top-left corner before the turn.
 */
export interface CropBox {
  x: number;
  y: number;
  size: number;
  /**
   * Radians, clockwise on screen (image y points down): the crop's x axis is (cos, sin) in the image. Present on
   * a crop placed from face landmarks (the eye line's angle, even when 0); such a crop may leave the image.
   */
  angle?: number;
}

/** The largest centred square: the default crop until a face detector proposes one. */
export function centerCrop(width: number, height: number): CropBox {
  const size = Math.min(width, height);
  return { x: (width - size) / 2, y: (height - size) / 2, size };
}

/**
 * Keeps a user-dragged box square and at least `minSize` pixels. A plain box stays inside the image; a face
 * crop (one with an angle) may leave it, padded, so only its centre is kept inside and its side below twice the
 * image's longer side.
 */
export function clampCrop(box: CropBox, width: number, height: number, minSize = 16): CropBox {
  if (box.angle !== undefined) {
    const size = Math.min(Math.max(box.size, Math.min(minSize, width, height)), 2 * Math.max(width, height));
    const cx = Math.min(Math.max(box.x + box.size / 2, 0), width);
    const cy = Math.min(Math.max(box.y + box.size / 2, 0), height);
    return { x: cx - size / 2, y: cy - size / 2, size, angle: box.angle };
  }
  const size = Math.max(Math.min(box.size, width, height), Math.min(minSize, width, height));
  const x = Math.min(Math.max(box.x, 0), width - size);
  const y = Math.min(Math.max(box.y, 0), height - size);
  return { x, y, size };
}

/** Weights of source cells [i, i+1) overlapping the target cell [a, b) along one axis (area resampling). */
function areaWeights(srcStart: number, srcLen: number, dstLen: number, srcLimit: number) {
  const scale = srcLen / dstLen;
  const taps: { index: number; weight: number }[][] = [];
  for (let o = 0; o < dstLen; o++) {
    const a = srcStart + o * scale;
    const b = a + scale;
    const row: { index: number; weight: number }[] = [];
    for (let i = Math.floor(a); i < Math.ceil(b); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 1e-9) row.push({ index: Math.min(Math.max(i, 0), srcLimit - 1), weight: overlap / scale });
    }
    taps.push(row);
  }
  return taps;
}

/** Bilinear taps, align_corners = false: target centre o+0.5 maps to srcStart + (o+0.5)*scale - 0.5. */
function bilinearWeights(srcStart: number, srcLen: number, dstLen: number, srcLimit: number) {
  const scale = srcLen / dstLen;
  const taps: { index: number; weight: number }[][] = [];
  for (let o = 0; o < dstLen; o++) {
    const p = srcStart + (o + 0.5) * scale - 0.5;
    const i0 = Math.floor(p);
    const f = p - i0;
    const clamp = (i: number) => Math.min(Math.max(i, 0), srcLimit - 1);
    taps.push([
      { index: clamp(i0), weight: 1 - f },
      { index: clamp(i0 + 1), weight: f },
    ]);
  }
  return taps;
}

/** Crops `box` out of `image` and resamples it to size x size; returns CHW float32 RGB in [-1, 1]. */
export function cropToTensor(image: RgbaImage, box: CropBox, size: number): Float32Array {
  // A turned box is first sampled upright at about one sample per source pixel, then filtered like any box.
  if (box.angle && Math.abs(box.angle) > 1e-9) {
    const upright = uprightCrop(image, box, size);
    return cropToTensor(upright, { x: 0, y: 0, size: upright.width }, size);
  }
  const shrink = box.size >= size;
  const weights = shrink ? areaWeights : bilinearWeights;
  const tx = weights(box.x, box.size, size, image.width);
  const ty = weights(box.y, box.size, size, image.height);
  const out = new Float32Array(3 * size * size);
  const plane = size * size;
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const wy of ty[oy]) {
        const rowBase = wy.index * image.width;
        for (const wx of tx[ox]) {
          const w = wy.weight * wx.weight;
          const p = (rowBase + wx.index) * 4;
          r += w * image.data[p];
          g += w * image.data[p + 1];
          b += w * image.data[p + 2];
        }
      }
      const o = oy * size + ox;
      out[o] = (r / 255) * 2 - 1;
      out[plane + o] = (g / 255) * 2 - 1;
      out[2 * plane + o] = (b / 255) * 2 - 1;
    }
  }
  return out;
}

/** Inverse of cropToTensor's value mapping, for showing a CHW [-1,1] tensor as RGBA pixels. */
export function tensorToRgba(chw: Float32Array, size: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  const plane = size * size;
  for (let i = 0; i < plane; i++) {
    data[i * 4] = ((chw[i] + 1) / 2) * 255;
    data[i * 4 + 1] = ((chw[plane + i] + 1) / 2) * 255;
    data[i * 4 + 2] = ((chw[2 * plane + i] + 1) / 2) * 255;
    data[i * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}
