// The masks of the Unsup3d/GAN2Shape depth evaluation (method-reference.md section 7): ground-truth object
// = pixels nearer than the map's farthest depth; each mask eroded by 1 px as 3x3 average pooling with zero
// padding > 0.99 (so the image border is always excluded); final mask = eroded GT mask x eroded validity mask.
import type { DepthMap } from './normalsFromDepth';

export type BinaryMap = Uint8Array | Float32Array | Float64Array;

export function erodeOnePixel(mask: BinaryMap, size: number): Uint8Array {
  if (mask.length !== size * size)
    throw new Error(`erodeOnePixel: mask has ${mask.length} values, expected ${size}x${size}`);
  const out = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let sum = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= size || cc >= size) continue;
          sum += mask[rr * size + cc] ? 1 : 0;
        }
      }
      out[r * size + c] = sum / 9 > 0.99 ? 1 : 0;
    }
  }
  return out;
}

/** depth < max(depth) over this map (the ground truth's background sits at the far value) */
export function groundTruthObjectMask(gtDepth: DepthMap): Uint8Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const d of gtDepth) max = Math.max(max, d);
  return Uint8Array.from(gtDepth, (d) => (d < max ? 1 : 0));
}

/**
 * @param validity the reconstruction's validity mask (rendered depth < 1.2), nonzero = valid; omit when
 *   the prediction covers the whole image
 */
export function evaluationMask(gtDepth: DepthMap, size: number, validity?: BinaryMap): Uint8Array {
  const gt = erodeOnePixel(groundTruthObjectMask(gtDepth), size);
  const valid = erodeOnePixel(validity ?? new Uint8Array(size * size).fill(1), size);
  return gt.map((g, i) => g & valid[i]);
}
