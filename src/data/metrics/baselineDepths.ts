// The reference rows of the synthetic-face table: constant null depth, the average ground-truth depth of
// the test set, and GAN2Shape's ellipsoid depth prior built from the object mask (method-reference.md
// section 1, reproduced with its quirks: the row coordinate is stretched but the centre row is not).
import type { BinaryMap } from './evaluationMask';

export function constantDepth(size: number, value = 1): Float64Array {
  return new Float64Array(size * size).fill(value);
}

export function averageDepth(maps: ArrayLike<number>[], size: number): Float64Array {
  if (maps.length === 0) throw new Error('averageDepth: no depth maps');
  const out = new Float64Array(size * size);
  for (const m of maps) {
    if (m.length !== size * size) throw new Error('averageDepth: a map has the wrong size');
    for (let i = 0; i < out.length; i++) out[i] += m[i] / maps.length;
  }
  return out;
}

export type EllipsoidCategory = 'synface' | 'face' | 'car' | 'church' | 'other';

export function ellipsoidPrior(mask: BinaryMap, size: number, category: EllipsoidCategory, threshold = 0.7): Float64Array {
  if (mask.length !== size * size) throw new Error(`ellipsoidPrior: mask has ${mask.length} values, expected ${size}x${size}`);
  // binary masks may arrive as 0/255 bytes or 0..1 floats
  const scale = mask instanceof Uint8Array ? 255 : 1;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (mask[y * size + x] / scale < threshold) continue;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
  }
  if (!Number.isFinite(minX)) throw new Error('ellipsoidPrior: empty mask');
  if (category === 'synface') minY -= (maxY - minY) / 6;
  else if (category === 'face') {
    maxY = size - 1;
    const width = maxX - minX;
    maxX -= width / 12;
    minX += width / 12;
  } else if (category === 'car' || category === 'church') maxY += (maxY - minY) / 6;
  const near = 0.91;
  const far = category === 'church' ? 1.0 : 1.02;
  const radius = 0.4;
  const rPixel = (maxX - minX) / 2;
  const ratio = (maxY - minY) / (maxX - minX);
  const cx = (maxX + minX) / 2;
  const cy = (maxY + minY) / 2;
  const t = Math.sqrt(radius ** 2 - (radius - (far - near)) ** 2);
  const out = new Float64Array(size * size).fill(far);
  if (!(rPixel > 0) || !(ratio > 0)) return out;
  for (let y = 0; y < size; y++) {
    const yStretched = (y - size / 2) / ratio + size / 2;
    for (let x = 0; x < size; x++) {
      const dist = Math.hypot(yStretched - cy, x - cx);
      if (dist > rPixel) continue;
      const rescaled = (dist / rPixel) * t;
      out[y * size + x] = radius - Math.sqrt(Math.abs(radius ** 2 - rescaled ** 2)) + near;
    }
  }
  return out;
}
