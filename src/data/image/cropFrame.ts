/**
 * Where a (possibly turned) crop box lies in its image: between source pixels and crop-normalised coordinates
 * (0..1 across the square, x along the crop's own x axis). The face code places its mask in these coordinates,
 * the editor draws the box from its corners, and the rotated crop samples through them.
 */
import type { CropBox } from './crop';

export type Point = [number, number];

export function cropCentre(box: CropBox): Point {
  return [box.x + box.size / 2, box.y + box.size / 2];
}

/** The crop's x and y axes in the image (unit vectors). */
function axes(box: CropBox): [Point, Point] {
  const a = box.angle ?? 0;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [
    [c, s],
    [-s, c],
  ];
}

/** Crop-normalised (u, v) -> source pixels. */
export function cropToSource(box: CropBox, [u, v]: Point): Point {
  const [cx, cy] = cropCentre(box);
  const [ax, ay] = axes(box);
  const du = (u - 0.5) * box.size;
  const dv = (v - 0.5) * box.size;
  return [cx + du * ax[0] + dv * ay[0], cy + du * ax[1] + dv * ay[1]];
}

/** Source pixels -> crop-normalised (u, v). */
export function sourceToCrop(box: CropBox, [x, y]: Point): Point {
  const [cx, cy] = cropCentre(box);
  const [ax, ay] = axes(box);
  const dx = x - cx;
  const dy = y - cy;
  return [(dx * ax[0] + dy * ax[1]) / box.size + 0.5, (dx * ay[0] + dy * ay[1]) / box.size + 0.5];
}

/** The four corners in source pixels: top-left, top-right, bottom-right, bottom-left of the crop. */
export function cropCorners(box: CropBox): [Point, Point, Point, Point] {
  return [cropToSource(box, [0, 0]), cropToSource(box, [1, 0]), cropToSource(box, [1, 1]), cropToSource(box, [0, 1])];
}

/** Whether the box reaches outside the image (the part outside is padding). */
export function cropLeavesImage(box: CropBox, width: number, height: number): boolean {
  return cropCorners(box).some(([x, y]) => x < -1e-6 || y < -1e-6 || x > width + 1e-6 || y > height + 1e-6);
}
