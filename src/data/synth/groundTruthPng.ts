/**
 * Reading the ground truth the bundled synthetic samples carry (public/samples/synface, written by
 * `npm run synth:gallery`, cli/exportGallery.ts): the depth as a 16-bit grey PNG in the Unsup3d GT convention
 * (g = (1.1 - d) / 0.2, white = near, background = 1.1) and the object mask as an 8-bit grey PNG (0 / 255). Pure
 * (fast-png, no DOM), so the page, the CLI and the unit tests decode them the same way.
 */
import { decode } from 'fast-png';
import type { RgbaImage } from '../image/rgba';

/** The convention's far end: a grey of 0 is this depth (the synthetic background). */
export const GT_DEPTH_FAR = 1.1;
/** Depth per unit of g (g = 1 is GT_DEPTH_FAR - GT_DEPTH_SPAN = 0.9). */
export const GT_DEPTH_SPAN = 0.2;

/** A 16-bit grey value (0..65535) to depth: d = 1 + 0.1 (1 - 2g), the inverse of exportGallery's depthToGrey16. */
export function grey16ToDepth(value: number): number {
  return GT_DEPTH_FAR - (GT_DEPTH_SPAN * value) / 65535;
}

/** A square ground-truth depth map, row-major. */
export interface GroundTruthDepth {
  size: number;
  depth: Float32Array;
}

function decodeSquareGrey(bytes: ArrayBuffer | Uint8Array, bitDepth: 8 | 16, what: string) {
  const png = decode(bytes);
  if (png.channels !== 1 || png.depth !== bitDepth)
    throw new Error(
      `${what}: expected a ${bitDepth}-bit grey PNG, got ${png.channels} channel(s) of ${png.depth} bits`,
    );
  if (png.width !== png.height) throw new Error(`${what}: expected a square image, got ${png.width}x${png.height}`);
  return { size: png.width, data: png.data };
}

/** Decodes a synthetic sample's `*_depth16.png` to depth in world units. */
export function decodeDepth16Png(bytes: ArrayBuffer | Uint8Array): GroundTruthDepth {
  const { size, data } = decodeSquareGrey(bytes, 16, 'ground-truth depth');
  return { size, depth: Float32Array.from(data, grey16ToDepth) };
}

/**
 * Decodes a synthetic sample's `*_mask.png` as an RGBA image (grey in R, G and B), the form the method's crop and
 * resampling take (cropToTensor), so the mask is resampled exactly as the image is.
 */
export function decodeMaskPng(bytes: ArrayBuffer | Uint8Array): RgbaImage {
  const { size, data } = decodeSquareGrey(bytes, 8, 'ground-truth mask');
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    rgba[i * 4] = data[i];
    rgba[i * 4 + 1] = data[i];
    rgba[i * 4 + 2] = data[i];
    rgba[i * 4 + 3] = 255;
  }
  return { width: size, height: size, data: rgba };
}

/** The fraction of an RGBA grey mask that is object (mean of R / 255). */
export function maskAreaFraction(mask: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < mask.width * mask.height; i++) sum += mask.data[i * 4];
  return sum / (255 * mask.width * mask.height);
}
