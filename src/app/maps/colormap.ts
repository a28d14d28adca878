/** Map arrays to RGBA pixels for the live panels: depth through a perceptual colour map, CHW images, normals. */

// Samples of matplotlib's viridis at 0, 1/8, ..., 1 (perceptually uniform, colour-blind safe).
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

export function viridis(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Near is bright: values are normalised over [min, max] of the map and inverted. */
export function depthToRgba(depth: ArrayLike<number>, size: number): ImageData {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < size * size; i++) {
    lo = Math.min(lo, depth[i]);
    hi = Math.max(hi, depth[i]);
  }
  return depthToRgbaInRange(depth, size, lo, hi);
}

/**
 * Near is bright over a given [lo, hi] (values beyond it clamp), so two maps drawn with one range compare by
 * colour; pixels outside `mask` (when given) are dimmed: they are not scored.
 */
export function depthToRgbaInRange(
  depth: ArrayLike<number>,
  size: number,
  lo: number,
  hi: number,
  mask?: ArrayLike<number>,
): ImageData {
  const range = hi - lo > 1e-9 ? hi - lo : 1;
  const out = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const [r, g, b] = viridis(1 - (depth[i] - lo) / range);
    const k = !mask || mask[i] ? 1 : 0.3;
    out.data.set([r * k, g * k, b * k, 255], i * 4);
  }
  return out;
}

/**
 * A signed map (a difference) through a diverging blue-white-red map over [-maxAbs, maxAbs]: blue below zero,
 * red above; NaN (outside the scored pixels) is dark grey.
 */
export function divergingToRgba(values: ArrayLike<number>, size: number, maxAbs: number): ImageData {
  const scale = maxAbs > 1e-12 ? maxAbs : 1;
  const out = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out.data.set([48, 48, 48, 255], i * 4);
      continue;
    }
    const t = Math.min(Math.max(v / scale, -1), 1);
    const fade = 255 * (1 - Math.abs(t));
    const f = Math.round(fade);
    out.data.set(t < 0 ? [f, f, 255, 255] : [255, f, f, 255], i * 4);
  }
  return out;
}

export function chwToRgba(chw: ArrayLike<number>, size: number, channels = 3): ImageData {
  const plane = size * size;
  const out = new ImageData(size, size);
  for (let i = 0; i < plane; i++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = chw[(channels === 1 ? 0 : ch) * plane + i];
      out.data[i * 4 + ch] = Math.round(Math.min(Math.max((v + 1) / 2, 0), 1) * 255);
    }
    out.data[i * 4 + 3] = 255;
  }
  return out;
}

/** Shading is >= 0 and roughly 0..1.5: shown as grey levels scaled by its maximum. */
export function shadingToRgba(shading: ArrayLike<number>, size: number): ImageData {
  let hi = 1e-6;
  for (let i = 0; i < size * size; i++) hi = Math.max(hi, shading[i]);
  const out = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = Math.round((shading[i] / hi) * 255);
    out.data.set([v, v, v, 255], i * 4);
  }
  return out;
}

export function normalsToRgba(normals: ArrayLike<number>, size: number): ImageData {
  const out = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    out.data[i * 4] = (normals[i * 3] * 0.5 + 0.5) * 255;
    out.data[i * 4 + 1] = (-normals[i * 3 + 1] * 0.5 + 0.5) * 255;
    out.data[i * 4 + 2] = (normals[i * 3 + 2] * 0.5 + 0.5) * 255;
    out.data[i * 4 + 3] = 255;
  }
  return out;
}
