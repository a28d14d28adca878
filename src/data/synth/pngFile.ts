// Writes an RGB byte image as a PNG file (Node only).
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export function writeRgbPng(path: string, width: number, height: number, rgb: Uint8Array): void {
  if (rgb.length !== width * height * 3) throw new Error('writeRgbPng: byte count does not match the size');
  const png = new PNG({ width, height, colorType: 2 });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = rgb[3 * i];
    png.data[4 * i + 1] = rgb[3 * i + 1];
    png.data[4 * i + 2] = rgb[3 * i + 2];
    png.data[4 * i + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png, { colorType: 2 }));
}
