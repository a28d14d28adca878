// Procedural backgrounds (no image set can be shipped): gradients, smooth colour noise, soft blobs and soft
// stripes, each from its own seed. Rendered at output resolution; the face is composited over it.
import { Prng } from './prng';
import type { BackgroundKind } from './sampleParams';

function randomColor(rng: Prng): [number, number, number] {
  // moderately saturated colours across the whole brightness range, as in real photo backgrounds
  const v = rng.uniform(0.1, 0.95);
  const sat = rng.uniform(0, 0.6);
  const base: [number, number, number] = [rng.next(), rng.next(), rng.next()];
  return base.map((c) => Math.min(1, Math.max(0, v * (1 - sat + sat * 2 * c)))) as [number, number, number];
}

function smoothNoise(rng: Prng, size: number, cells: number): Float32Array {
  const grid = Array.from({ length: (cells + 1) * (cells + 1) }, () => rng.next());
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x / size) * cells;
      const gy = (y / size) * cells;
      const ix = Math.floor(gx);
      const iy = Math.floor(gy);
      const fx = gx - ix;
      const fy = gy - iy;
      const sx = fx * fx * (3 - 2 * fx);
      const sy = fy * fy * (3 - 2 * fy);
      const g = (a: number, b: number) => grid[(iy + b) * (cells + 1) + ix + a];
      out[y * size + x] = (g(0, 0) * (1 - sx) + g(1, 0) * sx) * (1 - sy) + (g(0, 1) * (1 - sx) + g(1, 1) * sx) * sy;
    }
  }
  return out;
}

/** RGB floats in [0,1], length size*size*3 */
export function renderBackground(kind: BackgroundKind, seed: number, size: number): Float32Array {
  const rng = new Prng(seed);
  const out = new Float32Array(size * size * 3);
  const a = randomColor(rng);
  const b = randomColor(rng);
  let weight: (x: number, y: number) => number;
  if (kind === 'gradient') {
    const angle = rng.uniform(0, 2 * Math.PI);
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    weight = (x, y) => 0.5 + 0.5 * ((x / size - 0.5) * dx + (y / size - 0.5) * dy) * 1.4;
  } else if (kind === 'noise') {
    const noise = smoothNoise(rng, size, 2 + rng.int(4));
    weight = (x, y) => noise[y * size + x];
  } else if (kind === 'blobs') {
    const blobs = Array.from({ length: 3 + rng.int(4) }, () => ({
      x: rng.next(),
      y: rng.next(),
      r: rng.uniform(0.1, 0.35),
      s: rng.uniform(-1, 1),
    }));
    weight = (x, y) => {
      let w = 0.5;
      for (const bl of blobs)
        w += 0.5 * bl.s * Math.exp(-((x / size - bl.x) ** 2 + (y / size - bl.y) ** 2) / (2 * bl.r * bl.r));
      return w;
    };
  } else {
    const angle = rng.uniform(0, Math.PI);
    const period = rng.uniform(0.15, 0.5) * size;
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    weight = (x, y) => 0.5 + 0.5 * Math.sin(((x * dx + y * dy) / period) * 2 * Math.PI);
  }
  const grain = rng.uniform(0, 0.03);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const w = Math.min(1, Math.max(0, weight(x, y)));
      const n = grain * (rng.next() - 0.5);
      for (let c = 0; c < 3; c++) out[3 * (y * size + x) + c] = Math.min(1, Math.max(0, a[c] * (1 - w) + b[c] * w + n));
    }
  }
  return out;
}
