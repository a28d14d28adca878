/**
 * Drawing the crop editor's canvas: the image (with a margin around it when a face's crop leaves it, padded there
 * by replicating the border), the turned crop square, the mask outline (ellipse, or a face's oval
 * and its ring) and the other faces' boxes. Geometry in source pixels and crop coordinates (src/data/image/
 * cropFrame.ts), mapped to the canvas here.
 */
import type { Point } from '../../data/face/faceMesh';
import { placeOval, RING_SCALE } from '../../data/face/ovalMask';
import type { CropBox } from '../../data/image/crop';
import { cropCorners, cropToSource } from '../../data/image/cropFrame';
import type { RgbaImage } from '../../data/image/rgba';
import type { MaskEllipse } from '../../data/mask/ellipse';

/** Canvas size and placement of the image in it. */
export interface CanvasView {
  scale: number;
  /** Source pixels of margin on each side. */
  margin: number;
  width: number;
  height: number;
}

export function canvasView(image: RgbaImage, maxSide: number, margin: number): CanvasView {
  const scale = maxSide / (Math.max(image.width, image.height) + 2 * margin);
  return {
    scale,
    margin,
    width: Math.round((image.width + 2 * margin) * scale),
    height: Math.round((image.height + 2 * margin) * scale),
  };
}

/** Source pixels of margin the canvas needs to show every one of these crops whole (0 when all are inside). */
export function marginFor(image: RgbaImage, crops: CropBox[]): number {
  let over = 0;
  for (const crop of crops)
    for (const [x, y] of cropCorners(crop)) over = Math.max(over, -x, -y, x - image.width, y - image.height);
  return over > 0 ? over * 1.05 : 0;
}

export function toCanvas(view: CanvasView, [x, y]: Point): Point {
  return [(x + view.margin) * view.scale, (y + view.margin) * view.scale];
}

export function fromCanvas(view: CanvasView, [x, y]: Point): Point {
  return [x / view.scale - view.margin, y / view.scale - view.margin];
}

function polygonPath(ctx: CanvasRenderingContext2D, points: Point[]): void {
  ctx.moveTo(points[0][0], points[0][1]);
  for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
  ctx.closePath();
}

/** The image, the margin (hatched grey: padding) and the dimmed outside of the turned crop. */
export function drawImageAndCrop(ctx: CanvasRenderingContext2D, view: CanvasView, image: RgbaImage, crop: CropBox) {
  ctx.fillStyle = '#3a3f47';
  ctx.fillRect(0, 0, view.width, view.height);
  const bitmap = new OffscreenCanvas(image.width, image.height);
  bitmap
    .getContext('2d')
    ?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const [ix, iy] = toCanvas(view, [0, 0]);
  ctx.drawImage(bitmap, ix, iy, image.width * view.scale, image.height * view.scale);
  const corners = cropCorners(crop).map((p) => toCanvas(view, p));
  ctx.beginPath();
  ctx.rect(0, 0, view.width, view.height);
  polygonPath(ctx, corners);
  ctx.fillStyle = 'rgba(0,0,0,0.45)';
  ctx.fill('evenodd');
  ctx.beginPath();
  polygonPath(ctx, corners);
  ctx.strokeStyle = '#7aa2ff';
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** A closed outline given in crop coordinates. */
function strokeInCrop(ctx: CanvasRenderingContext2D, view: CanvasView, crop: CropBox, points: Point[], dash: number[]) {
  ctx.beginPath();
  polygonPath(
    ctx,
    points.map((p) => toCanvas(view, cropToSource(crop, p))),
  );
  ctx.setLineDash(dash);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The mask outline: the ellipse, or the face oval (1) with its ring (0.5) dotted. */
export function drawMask(
  ctx: CanvasRenderingContext2D,
  view: CanvasView,
  crop: CropBox,
  ellipse: MaskEllipse,
  oval: Point[] | null,
) {
  ctx.strokeStyle = '#ffd166';
  ctx.lineWidth = 2;
  if (oval) {
    strokeInCrop(ctx, view, crop, placeOval(oval, ellipse), [5, 4]);
    ctx.lineWidth = 1;
    const ring = { ...ellipse, rx: ellipse.rx * RING_SCALE, ry: ellipse.ry * RING_SCALE };
    strokeInCrop(ctx, view, crop, placeOval(oval, ring), [2, 4]);
    return;
  }
  const points = Array.from({ length: 72 }, (_, k): Point => {
    const t = (2 * Math.PI * k) / 72;
    return [ellipse.cx + ellipse.rx * Math.cos(t), ellipse.cy + ellipse.ry * Math.sin(t)];
  });
  strokeInCrop(ctx, view, crop, points, [5, 4]);
}

/** The boxes of the faces not placed, numbered like their buttons: a click on one places it. */
export function drawOtherFaces(
  ctx: CanvasRenderingContext2D,
  view: CanvasView,
  boxes: [number, number, number, number][],
  chosen: number,
) {
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.lineWidth = 1;
  ctx.font = '12px sans-serif';
  boxes.forEach(([x, y, w, h], i) => {
    if (i === chosen) return;
    const [cx, cy] = toCanvas(view, [x, y]);
    ctx.setLineDash([3, 3]);
    ctx.strokeRect(cx, cy, w * view.scale, h * view.scale);
    ctx.setLineDash([]);
    ctx.fillText(String(i + 1), cx + 3, cy + 13);
  });
}

/** The face whose box holds the source point, other than the chosen one, or -1. */
export function faceAt(boxes: [number, number, number, number][], chosen: number, [px, py]: Point): number {
  return boxes.findIndex(([x, y, w, h], i) => i !== chosen && px >= x && px <= x + w && py >= y && py <= y + h);
}
