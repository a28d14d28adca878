/**
 * The source image with the square crop (drag to move, slider to resize) and the object-mask ellipse
 * (sliders, in crop coordinates). What is inside the crop is what the method sees. A bundled synthetic sample
 * brings its own mask: it is drawn instead of the ellipse, and the crop stays the whole image its ground truth
 * covers. The canvas says which mask the method gets and its area (the mean of the input's mask at the method's size).
 */
import { type PointerEvent, useEffect, useMemo, useRef } from 'react';
import type { RgbaImage } from '../../data/image/rgba';
import type { RunInput } from '../../gan2shape/runner/input';
import { useSession } from '../sessionStore';

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

export function CropEditor({ input }: { input: RunInput | null }) {
  const source = useSession((s) => s.source);
  const crop = useSession((s) => s.crop);
  const ellipse = useSession((s) => s.ellipse);
  const truth = useSession((s) => s.truth);
  const overlay = useMemo(() => (truth ? maskOverlay(truth.mask) : null), [truth]);
  const maskArea = useMemo(() => (input ? meanOf(input.mask) : null), [input]);
  const setCrop = useSession((s) => s.setCrop);
  const setEllipse = useSession((s) => s.setEllipse);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; cropX: number; cropY: number } | null>(null);

  const scale = source ? VIEW / Math.max(source.image.width, source.image.height) : 1;

  useEffect(() => {
    const c = canvas.current;
    if (!c || !source || !crop) return;
    const { width, height } = source.image;
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const bitmap = new OffscreenCanvas(width, height);
    bitmap.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(source.image.data), width, height), 0, 0);
    ctx.drawImage(bitmap, 0, 0, c.width, c.height);
    ctx.fillStyle = 'rgba(0,0,0,0.45)';
    const [x, y, s] = [crop.x * scale, crop.y * scale, crop.size * scale];
    ctx.fillRect(0, 0, c.width, y);
    ctx.fillRect(0, y + s, c.width, c.height - y - s);
    ctx.fillRect(0, y, x, s);
    ctx.fillRect(x + s, y, c.width - x - s, s);
    ctx.strokeStyle = '#7aa2ff';
    ctx.lineWidth = 2;
    ctx.strokeRect(x, y, s, s);
    if (overlay) {
      // The mask covers the whole image, at its own resolution.
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(overlay, 0, 0, c.width, c.height);
      return;
    }
    ctx.strokeStyle = '#ffd166';
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.ellipse(x + ellipse.cx * s, y + ellipse.cy * s, ellipse.rx * s, ellipse.ry * s, 0, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }, [source, crop, ellipse, overlay, scale]);

  if (!source || !crop) return null;
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (truth) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, cropX: crop.x, cropY: crop.y };
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    setCrop({ ...crop, x: d.cropX + (e.clientX - d.x) / scale, y: d.cropY + (e.clientY - d.y) / scale });
  };
  const maxSide = Math.min(source.image.width, source.image.height);
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
      <canvas
        ref={canvas}
        className="crop-canvas"
        data-testid="crop-canvas"
        data-mask={truth ? 'ground-truth' : 'ellipse'}
        data-mask-area={maskArea ?? undefined}
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
        <div className="sliders">
          {slider('Crop size', crop.size, 16, maxSide, 1, (size) => setCrop({ ...crop, size }), 'crop-size')}
          {slider('Mask centre x', ellipse.cx, 0, 1, 0.01, (cx) => setEllipse({ ...ellipse, cx }), 'mask-cx')}
          {slider('Mask centre y', ellipse.cy, 0, 1, 0.01, (cy) => setEllipse({ ...ellipse, cy }), 'mask-cy')}
          {slider('Mask width', ellipse.rx, 0.05, 0.75, 0.01, (rx) => setEllipse({ ...ellipse, rx }), 'mask-rx')}
          {slider('Mask height', ellipse.ry, 0.05, 0.75, 0.01, (ry) => setEllipse({ ...ellipse, ry }), 'mask-ry')}
        </div>
      )}
    </section>
  );
}
