/** Small deterministic scenes for the renderer tests: bumpy depth maps near 1, smooth albedo, mild views. */
import { randomArray, seededRandom } from './random';

/** Depth 1 + a few Gaussian bumps (amplitude ~amp) over an H x W map, for `batch` maps. */
export function bumpyDepth(batch: number, height: number, width: number, seed: number, amp = 0.04): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(batch * height * width);
  for (let b = 0; b < batch; b++) {
    const bumps = Array.from({ length: 3 }, () => ({
      x: rand(),
      y: rand(),
      a: amp * (rand() * 2 - 1),
      s: 0.2 + 0.2 * rand(),
    }));
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const x = c / (width - 1);
        const y = r / (height - 1);
        let d = 1;
        for (const k of bumps) d += k.a * Math.exp(-((x - k.x) ** 2 + (y - k.y) ** 2) / (2 * k.s * k.s));
        out[(b * height + r) * width + c] = d;
      }
    }
  }
  return out;
}

/** Smooth colour pattern in [-0.8, 0.8]: [batch, 3, H, W]. */
export function smoothAlbedo(batch: number, height: number, width: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(batch * 3 * height * width);
  for (let b = 0; b < batch; b++) {
    for (let ch = 0; ch < 3; ch++) {
      const fx = 1 + 2 * rand();
      const fy = 1 + 2 * rand();
      const ph = 6 * rand();
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          const v = 0.8 * Math.sin(((fx * c) / width) * Math.PI + ph) * Math.cos(((fy * r) / height) * Math.PI);
          out[((b * 3 + ch) * height + r) * width + c] = v;
        }
      }
    }
  }
  return out;
}

/** Views with small rotations (|angle| <= maxAngle rad) and translations (|t| <= maxShift). */
export function mildViews(views: number, seed: number, maxAngle = 0.12, maxShift = 0.01): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(views * 6);
  for (let b = 0; b < views; b++) {
    out.set(randomArray(3, rand, -maxAngle, maxAngle), b * 6);
    out.set(randomArray(3, rand, -maxShift, maxShift), b * 6 + 3);
  }
  return out;
}

/** Lights (k_a, k_d, l_x, l_y) with positive diffuse on a surface facing the camera. */
export function someLights(views: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(views * 4);
  for (let b = 0; b < views; b++) out.set([0.4 + 0.2 * rand(), 0.5 + 0.3 * rand(), rand() - 0.5, rand() - 0.5], b * 4);
  return out;
}
