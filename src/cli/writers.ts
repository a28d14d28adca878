/**
 * Output files of the CLIs: atomic writes (a killed run never leaves half a file under the final name),
 * float32 .npy, JSON, and the PNGs the export module does not make (grey shading, image strips).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encode } from 'fast-png';
import { npyHeader } from '../data/synth/npy';

/** Writes to a temporary name beside the target, then renames (atomic on one file system). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A float32 C-order .npy (NumPy v1.0) in memory. */
export function npyFloat32(data: Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npyFloat32: ${data.length} values do not fill shape [${shape}]`);
  const header = npyHeader('float32', shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

export function writeNpy(path: string, data: Float32Array, shape: number[]): void {
  writeFileAtomic(path, npyFloat32(data, shape));
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** 8-bit grey PNG of values / scale clamped to [0, 1]. */
export function greyPng(values: ArrayLike<number>, size: number, scale: number): Uint8Array {
  const data = new Uint8Array(size * size);
  for (let i = 0; i < size * size; i++) data[i] = Math.round(Math.min(Math.max(values[i] / scale, 0), 1) * 255);
  return encode({ width: size, height: size, data, depth: 8, channels: 1 });
}

/** The largest value of a map (at least `floor`). */
export function maxOf(values: ArrayLike<number>, floor = 1e-6): number {
  let hi = floor;
  for (let i = 0; i < values.length; i++) hi = Math.max(hi, values[i]);
  return hi;
}

/**
 * Rows of square tiles side by side as one RGB PNG: each row is [count, channels, S, S] in [-1, 1] (channels 3)
 * or [count, S, S] in [0, 1] (channels 1, shown grey). A 1 px white gap separates tiles.
 */
export function tileRowsPng(rows: { data: Float32Array; channels: 1 | 3 }[], count: number, size: number): Uint8Array {
  const gap = 1;
  const width = count * size + (count - 1) * gap;
  const height = rows.length * size + (rows.length - 1) * gap;
  const out = new Uint8Array(width * height * 3).fill(255);
  const plane = size * size;
  rows.forEach((row, r) => {
    for (let k = 0; k < count; k++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const o = ((r * (size + gap) + y) * width + k * (size + gap) + x) * 3;
          for (let ch = 0; ch < 3; ch++) {
            const v =
              row.channels === 3
                ? (row.data[(k * 3 + ch) * plane + y * size + x] + 1) / 2
                : row.data[k * plane + y * size + x];
            out[o + ch] = Math.round(Math.min(Math.max(v, 0), 1) * 255);
          }
        }
      }
    }
  });
  return encode({ width, height, data: out, depth: 8, channels: 3 });
}
