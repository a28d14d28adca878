/**
 * The source image with the square crop (drag to move, slider to resize) and the object mask (sliders, in crop
 * coordinates). What is inside the crop is what the method sees. A photo's faces are looked for on opening
 * (FaceFinder, faceStore): a face found places a crop turned so its eyes are level, which may leave the image
 * (padded; the canvas then shows a margin), and its oval with a ring as the mask, which the same sliders move
 * and stretch. A bundled synthetic sample brings its own mask: it is drawn instead, and the crop stays the whole
 * image its ground truth covers. The canvas says which mask the method gets and its area (the mean of the
 * input's mask at the method's size); with a face, the crop and the placed oval are on it as data attributes.
 */
import { type PointerEvent, useEffect, useMemo, useRef } from 'react';
import { faceCrop } from '../../data/face/cropRule';
import { placeOval } from '../../data/face/ovalMask';
import { cropCentre, cropLeavesImage } from '../../data/image/cropFrame';
import type { RgbaImage } from '../../data/image/rgba';
import type { RunInput } from '../../gan2shape/runner/input';
import { useFaces } from '../faceStore';
import { useSession } from '../sessionStore';
import { canvasView, drawImageAndCrop, drawMask, drawOtherFaces, faceAt, fromCanvas, marginFor } from './cropCanvas';
import { FaceFinder } from './FaceFinder';

const VIEW = 360;

/** The ground-truth mask as a translucent tint over the image. */
function maskOverlay(mask: RgbaImage): OffscreenCanvas {
  const tint = new ImageData(mask.width, mask.height);
  for (let i = 0; i < mask.width * mask.height; i++) tint.data.set([255, 209, 102, mask.data[i * 4] * 0.5], i * 4);
  const overlay = new OffscreenCanvas(mask.width, mask.height);
  overlay.getContext('2d')?.putImageData(tint, 0, 0);
  return overlay;
}

function meanOf(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

const rounded = (v: number) => Math.round(v * 1e4) / 1e4;

export function CropEditor({ input }: { input: RunInput | null }) {
  const source = useSession((s) => s.source);
  const crop = useSession((s) => s.crop);
  const ellipse = useSession((s) => s.ellipse);
  const truth = useSession((s) => s.truth);
  const faceOval = useSession((s) => s.faceOval);
  const faces = useFaces((s) => (s.source === source ? s.faces : null));
  const chosen = useFaces((s) => s.chosen);
  const choose = useFaces((s) => s.choose);
  const overlay = useMemo(() => (truth ? maskOverlay(truth.mask) : null), [truth]);
  const maskArea = useMemo(() => (input ? meanOf(input.mask) : null), [input]);
  const boxes = useMemo(() => faces?.map((f) => f.box) ?? [], [faces]);
  const setCrop = useSession((s) => s.setCrop);
  const setEllipse = useSession((s) => s.setEllipse);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; cropX: number; cropY: number } | null>(null);
  const faceCropped = crop?.angle !== undefined;
  // A face's crop may leave the image: the canvas then keeps a margin that shows every face's crop whole.
  const view = useMemo(() => {
    if (!source) return null;
    const margin = faces
      ? marginFor(
          source.image,
          faces.map((f) => faceCrop(f.mesh)),
        )
      : 0;
    return canvasView(source.image, VIEW, margin);
  }, [source, faces]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !source || !crop || !view) return;
    c.width = view.width;
    c.height = view.height;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    drawImageAndCrop(ctx, view, source.image, crop);
    if (overlay) {
      // The mask covers the whole image, at its own resolution.
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(overlay, 0, 0, c.width, c.height);
      return;
    }
    drawMask(ctx, view, crop, ellipse, faceOval);
    drawOtherFaces(ctx, view, boxes, chosen);
  }, [source, crop, ellipse, faceOval, overlay, view, boxes, chosen]);

  if (!source || !crop || !view) return null;
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (truth) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const k = view.width / Math.max(rect.width, 1);
    const other = faceAt(boxes, chosen, fromCanvas(view, [(e.clientX - rect.left) * k, (e.clientY - rect.top) * k]));
    if (other >= 0 && useSession.getState().runState === 'idle') {
      choose(other);
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, cropX: crop.x, cropY: crop.y };
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const s = view.scale;
    setCrop({ ...crop, x: d.cropX + (e.clientX - d.x) / s, y: d.cropY + (e.clientY - d.y) / s });
  };
  const { width, height } = source.image;
  // A face crop is resized about its centre and may grow past the image (padded); a plain one stays inside.
  const maxSide = faceCropped ? 2 * Math.max(width, height) : Math.min(width, height);
  const resize = (size: number) => {
    if (!faceCropped) return setCrop({ ...crop, size });
    const [cx, cy] = cropCentre(crop);
    setCrop({ ...crop, x: cx - size / 2, y: cy - size / 2, size });
  };
  const slider = (
    label: string,
    value: number,
    min: number,
    max: number,
    step: number,
    on: (v: number) => void,
    id: string,
  ) => (
    <label className="slider">
      <span>{label}</span>
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={id}
        onChange={(e) => on(Number(e.target.value))}
      />
    </label>
  );
  const maskKind = truth ? 'ground-truth' : faceOval ? 'face-oval' : 'ellipse';
  const placedOval = faceOval ? placeOval(faceOval, ellipse).map((p) => p.map(rounded)) : null;

  return (
    <section className="card crop-editor">
      <h2>Crop and mask</h2>
      <p className="muted">
        {source.name}: {source.originalWidth} × {source.originalHeight}
        {source.notes.map((n) => (
          <span key={n} className="note-inline">
            {' '}
            · {n}
          </span>
        ))}
      </p>
      <FaceFinder />
      <canvas
        ref={canvas}
        className="crop-canvas"
        data-testid="crop-canvas"
        data-mask={maskKind}
        data-mask-area={maskArea ?? undefined}
        data-crop={JSON.stringify({
          x: rounded(crop.x),
          y: rounded(crop.y),
          size: rounded(crop.size),
          angle: crop.angle,
        })}
        data-mask-oval={placedOval ? JSON.stringify(placedOval) : undefined}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={() => (drag.current = null)}
      />
      {truth ? (
        <p className="muted" data-testid="mask-note">
          Mask: the sample's ground-truth mask (tinted), with the synthetic-face prior built from it, as eval:method
          does. The crop is the whole image, which is what its ground truth covers.
        </p>
      ) : (
        <>
          {faceOval && (
            <p className="muted" data-testid="mask-note">
              Mask: the face's oval (1) and a ring around it (0.5, dotted), with the face prior. The crop is turned so
              the eyes are level
              {cropLeavesImage(crop, width, height) ? '; where it leaves the photo, the border is repeated' : ''}.
            </p>
          )}
          <div className="sliders">
            {slider('Crop size', crop.size, 16, maxSide, 1, resize, 'crop-size')}
            {slider('Mask centre x', ellipse.cx, 0, 1, 0.01, (cx) => setEllipse({ ...ellipse, cx }), 'mask-cx')}
            {slider('Mask centre y', ellipse.cy, 0, 1, 0.01, (cy) => setEllipse({ ...ellipse, cy }), 'mask-cy')}
            {slider('Mask width', ellipse.rx, 0.05, 0.75, 0.01, (rx) => setEllipse({ ...ellipse, rx }), 'mask-rx')}
            {slider('Mask height', ellipse.ry, 0.05, 0.75, 0.01, (ry) => setEllipse({ ...ellipse, ry }), 'mask-ry')}
          </div>
        </>
      )}
    </section>
  );
}
