/**
 * The user-adjustable object mask: an ellipse in crop-normalised coordinates (0..1 across the square crop),
 * the last-resort mask when no face landmarks are available (method-reference: project decisions).
 */
export interface MaskEllipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/** A face-shaped default: slightly taller than wide, a little below the crop centre. */
export const DEFAULT_FACE_ELLIPSE: MaskEllipse = { cx: 0.5, cy: 0.54, rx: 0.33, ry: 0.42 };

export function clampEllipse(e: MaskEllipse): MaskEllipse {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  return { cx: clamp(e.cx, 0, 1), cy: clamp(e.cy, 0, 1), rx: clamp(e.rx, 0.05, 0.75), ry: clamp(e.ry, 0.05, 0.75) };
}

/** S x S coverage mask in [0,1], 4x4 supersampled so the edge is anti-aliased like a parsing-net mask. */
export function rasterizeEllipse(e: MaskEllipse, size: number, samples = 4): Float32Array {
  const mask = new Float32Array(size * size);
  const inv = 1 / (samples * samples);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          if (((u - e.cx) / e.rx) ** 2 + ((v - e.cy) / e.ry) ** 2 <= 1) covered++;
        }
      }
      mask[y * size + x] = covered * inv;
    }
  }
  return mask;
}
