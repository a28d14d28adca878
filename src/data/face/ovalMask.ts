/**
 * The object mask of a detected face, from the mesh's face oval, in the method's `face` form: 1 on the face, 0.5
 * on a ring around it, 0 elsewhere. GAN2Shape's face masks came from a parsing net as (all head parts + face
 * parts) / 2, i.e. 1 on the face and 0.5 on hair, ears, neck and hat (method-reference section 1); no parsing net
 * can be had, so the ring stands for those parts: the oval scaled by RING_SCALE about its box centre. The
 * ellipsoid prior binarises the mask at 0.7 (src/gan2shape/prior), so only the oval shapes the prior and the
 * ring only shows where the head goes on; the `face` category then stretches the box to the image bottom and
 * narrows it by 1/12 a side (the parsing mask's face included the ears, the oval does not).
 *
 * The oval is kept relative to its own bounding ellipse (`unitOval`), so the editor's four ellipse sliders move
 * and stretch it as they move the plain ellipse; everything here is in crop-normalised coordinates (0..1).
 */
import type { MaskEllipse } from '../mask/ellipse';
import type { Point } from './faceMesh';

/** The ring's outer edge: the oval scaled by this about its box centre. */
export const RING_SCALE = 1.2;
/** Mask values (the parsing mask's levels). */
export const FACE_VALUE = 1;
export const RING_VALUE = 0.5;

/** The oval's bounding ellipse: centre and half-extents of its box. */
export function ovalEllipse(polygon: Point[]): MaskEllipse {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, rx: (x1 - x0) / 2, ry: (y1 - y0) / 2 };
}

/** The polygon relative to its bounding ellipse: every point in [-1, 1]^2. */
export function unitOval(polygon: Point[]): Point[] {
  const e = ovalEllipse(polygon);
  if (!(e.rx > 0 && e.ry > 0)) throw new Error('The face oval is degenerate.');
  return polygon.map(([x, y]) => [(x - e.cx) / e.rx, (y - e.cy) / e.ry]);
}

/** A unit oval placed on an ellipse (crop-normalised coordinates). */
export function placeOval(unit: Point[], e: MaskEllipse): Point[] {
  return unit.map(([u, v]) => [e.cx + u * e.rx, e.cy + v * e.ry]);
}

/** Sorted x where the polygon's edges cross the horizontal line y (even-odd: spans between pairs are inside). */
function crossings(polygon: Point[], y: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    // Half-open in y so a vertex on the line is counted once.
    if (y0 <= y !== y1 <= y) xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
  }
  return xs.sort((a, b) => a - b);
}

/** Adds `value` x coverage of the polygon to every pixel (samples x samples points per pixel). */
function accumulate(mask: Float32Array, polygon: Point[], size: number, samples: number, value: number): void {
  const n = size * samples;
  const weight = value / (samples * samples);
  for (let row = 0; row < n; row++) {
    const xs = crossings(polygon, (row + 0.5) / n);
    const py = Math.floor(row / samples);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const first = Math.max(0, Math.ceil(xs[k] * n - 0.5));
      const last = Math.min(n - 1, Math.floor(xs[k + 1] * n - 0.5));
      for (let col = first; col <= last; col++) mask[py * size + Math.floor(col / samples)] += weight;
    }
  }
}

/**
 * S x S mask: FACE_VALUE inside the oval placed on `ellipse`, RING_VALUE between it and the oval scaled by
 * RING_SCALE, 0 outside; each pixel is the mean of samples x samples points (anti-aliased, like the ellipse).
 */
export function rasterizeFaceMask(unit: Point[], ellipse: MaskEllipse, size: number, samples = 4): Float32Array {
  const mask = new Float32Array(size * size);
  const ring = placeOval(unit, { ...ellipse, rx: ellipse.rx * RING_SCALE, ry: ellipse.ry * RING_SCALE });
  // The ring polygon contains the oval, so ring + (face - ring) on the oval gives the two levels.
  accumulate(mask, ring, size, samples, RING_VALUE);
  accumulate(mask, placeOval(unit, ellipse), size, samples, FACE_VALUE - RING_VALUE);
  return mask;
}
