/**
 * A turned crop box sampled upright: bilinear taps at about one per source pixel, then the caller's area filter
 * brings it to the method's size (so a large face is averaged, not point-sampled). Taps outside the image take
 * the nearest border pixel (replicate padding): a face whose box leaves the photo gets its edge colours
 * stretched outward rather than a hard black or mean-colour frame, which the GAN would read as part of the scene.
 */
import type { CropBox } from './crop';
import { cropToSource } from './cropFrame';
import type { RgbaImage } from './rgba';

/** Upper bound of the upright sampling (the decoder already caps images at 2048 px). */
const MAX_UPRIGHT = 2048;

/** The box as an upright N x N RGBA image, N = the box's side in pixels (at least `minSide`, at most 2048). */
export function uprightCrop(image: RgbaImage, box: CropBox, minSide = 1): RgbaImage {
  const n = Math.min(Math.max(Math.round(box.size), minSide, 1), MAX_UPRIGHT);
  const out = new Uint8ClampedArray(n * n * 4);
  const { width, height, data } = image;
  const clampX = (i: number) => Math.min(Math.max(i, 0), width - 1);
  const clampY = (i: number) => Math.min(Math.max(i, 0), height - 1);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      // Pixel k covers [k, k + 1): the tap at source point p interpolates the pixels around p - 0.5.
      const [sx, sy] = cropToSource(box, [(i + 0.5) / n, (j + 0.5) / n]);
      const px = sx - 0.5;
      const py = sy - 0.5;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const fx = px - x0;
      const fy = py - y0;
      const row0 = clampY(y0) * width;
      const row1 = clampY(y0 + 1) * width;
      const a = (row0 + clampX(x0)) * 4;
      const b = (row0 + clampX(x0 + 1)) * 4;
      const c = (row1 + clampX(x0)) * 4;
      const d = (row1 + clampX(x0 + 1)) * 4;
      const o = (j * n + i) * 4;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k] * (1 - fx) + data[b + k] * fx;
        const bottom = data[c + k] * (1 - fx) + data[d + k] * fx;
        out[o + k] = top * (1 - fy) + bottom * fy;
      }
      out[o + 3] = 255;
    }
  }
  return { width: n, height: n, data: out };
}
