// npm run synth:sheets -- --data DIR [--count 64] [--pick-seed 1] [--out docs]
// Writes docs/synth-samples.png (random samples of a dataset folder, 8 per row, 2x) and
// docs/synth-depth-normals.png (the same samples: depth as grey, near = bright, beside the normal map).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { depthTile, normalTile, type SheetTile, tileSheet } from '../contactSheet';
import { readNpy } from '../npy';
import { writeRgbPng } from '../pngFile';
import { Prng } from '../prng';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`synth:sheets: --${name} is required`);
  return v;
}

function main(): void {
  const dir = arg('data');
  const count = Number(arg('count', '64'));
  const out = arg('out', 'docs');
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { count: number; size: number };
  if (!Number.isInteger(count) || count <= 0 || count > meta.count)
    throw new Error(`synth:sheets: --count must be 1..${meta.count}`);
  const rng = new Prng(Number(arg('pick-seed', '1')));
  const pool = Array.from({ length: meta.count }, (_, i) => i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const picks = pool.slice(0, count).sort((a, b) => a - b);
  const S = meta.size;
  const px = S * S;
  const images = readNpy(join(dir, 'images.npy')).data as Uint8Array;
  const depth = readNpy(join(dir, 'depth.npy')).data as Float32Array;
  const mask = readNpy(join(dir, 'mask.npy')).data as Uint8Array;
  const normals = readNpy(join(dir, 'normals.npy')).data as Float32Array;
  const rgbTiles: SheetTile[] = [];
  const geoTiles: SheetTile[] = [];
  for (const i of picks) {
    const m = mask.subarray(i * px, (i + 1) * px);
    rgbTiles.push({ size: S, rgb: images.subarray(i * px * 3, (i + 1) * px * 3) });
    geoTiles.push(depthTile(depth.subarray(i * px, (i + 1) * px), m, S));
    geoTiles.push(normalTile(normals.subarray(i * px * 3, (i + 1) * px * 3), m, S));
  }
  const scale = S <= 64 ? 2 : 1;
  const a = tileSheet(rgbTiles, 8, scale);
  writeRgbPng(join(out, 'synth-samples.png'), a.width, a.height, a.rgb);
  const b = tileSheet(geoTiles, 16, scale);
  writeRgbPng(join(out, 'synth-depth-normals.png'), b.width, b.height, b.rgb);
  console.log(`synth:sheets: samples ${picks.join(',')} -> ${out}/synth-samples.png, ${out}/synth-depth-normals.png`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
