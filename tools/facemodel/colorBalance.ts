// Removes the colour cast of the photo's lighting (blue stage light, purple screen glow) from a UV texture:
// per-channel gains bring the median colour of the central face region to a neutral skin chromaticity,
// keeping its luminance. Specular highlights (glare on nose and forehead) are compressed toward the face's
// upper luminance quantile so the renderer's shading is not fighting baked-in shine. Skin tone variety is
// then added back by the generator's tone gains.
import type { UvTexture } from './unwrapTexture';

/** chromaticity (r, g, b summing to 1) of a typical medium skin tone under white light */
const SKIN_CHROMA = [0.45, 0.325, 0.225];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function neutralizeColorCast(tex: UvTexture): UvTexture {
  const { size, rgb } = tex;
  const channels: number[][] = [[], [], []];
  for (let y = Math.floor(size * 0.35); y < size * 0.75; y++) {
    for (let x = Math.floor(size * 0.3); x < size * 0.7; x++) {
      for (let c = 0; c < 3; c++) channels[c].push(rgb[3 * (y * size + x) + c]);
    }
  }
  const m = channels.map(median);
  const luminance = 0.299 * m[0] + 0.587 * m[1] + 0.114 * m[2];
  const targetLum = 0.299 * SKIN_CHROMA[0] + 0.587 * SKIN_CHROMA[1] + 0.114 * SKIN_CHROMA[2];
  const gains = SKIN_CHROMA.map((chroma, c) => ((chroma / targetLum) * luminance) / Math.max(m[c], 1e-3));
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = Math.min(1, rgb[i] * gains[i % 3]);
  const lum = (i: number) => 0.299 * out[3 * i] + 0.587 * out[3 * i + 1] + 0.114 * out[3 * i + 2];
  const faceLum: number[] = [];
  for (let y = Math.floor(size * 0.2); y < size * 0.85; y++)
    for (let x = Math.floor(size * 0.2); x < size * 0.8; x++) faceLum.push(lum(y * size + x));
  faceLum.sort((a, b) => a - b);
  const knee = faceLum[Math.floor(faceLum.length * 0.85)];
  for (let i = 0; i < size * size; i++) {
    const l = lum(i);
    if (l <= knee || l <= 1e-6) continue;
    const scale = (knee + 0.3 * (l - knee)) / l;
    for (let c = 0; c < 3; c++) out[3 * i + c] *= scale;
  }
  return { size, rgb: out };
}
