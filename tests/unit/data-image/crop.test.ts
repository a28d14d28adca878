import { describe, expect, it } from 'vitest';
import { centerCrop, clampCrop, cropToTensor, tensorToRgba } from '../../../src/data/image/crop';
import { sniffImageType } from '../../../src/data/image/decode';
import { flattenAlpha, hasTransparency, isGrayscale, type RgbaImage } from '../../../src/data/image/rgba';

function image(width: number, height: number, f: (x: number, y: number) => [number, number, number, number]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(f(x, y), (y * width + x) * 4);
  return { width, height, data } satisfies RgbaImage;
}

describe('crop boxes', () => {
  it('centres the largest square', () => {
    expect(centerCrop(300, 200)).toEqual({ x: 50, y: 0, size: 200 });
    expect(centerCrop(100, 180)).toEqual({ x: 0, y: 40, size: 100 });
  });
  it('keeps a dragged box inside the image and square', () => {
    expect(clampCrop({ x: -20, y: 150, size: 100 }, 300, 200)).toEqual({ x: 0, y: 100, size: 100 });
    expect(clampCrop({ x: 0, y: 0, size: 999 }, 300, 200)).toEqual({ x: 0, y: 0, size: 200 });
    expect(clampCrop({ x: 0, y: 0, size: 2 }, 300, 200).size).toBe(16);
  });
});

describe('cropToTensor', () => {
  it('area-averages exact 2x2 blocks when shrinking by 2', () => {
    // 4x4 image whose red channel is 0,255 alternating columns -> every 2x2 block averages to 127.5 -> 0.0
    const img = image(4, 4, (x) => [x % 2 ? 255 : 0, 255, 0, 255]);
    const t = cropToTensor(img, { x: 0, y: 0, size: 4 }, 2);
    expect([...t.slice(0, 4)].every((v) => Math.abs(v) < 1e-6)).toBe(true);
    expect([...t.slice(4, 8)].every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect([...t.slice(8, 12)].every((v) => Math.abs(v + 1) < 1e-6)).toBe(true);
  });

  it('averages fractional overlaps (3 px into 2)', () => {
    const img = image(3, 1, (x) => [[0, 90, 180][x], 0, 0, 255]);
    // cell 0 covers [0,1.5): (0*1 + 90*0.5)/1.5 = 30; cell 1 covers [1.5,3): (90*0.5+180)/1.5 = 150
    const t = cropToTensor(
      { ...img, height: 3, data: new Uint8ClampedArray([...img.data, ...img.data, ...img.data]) },
      { x: 0, y: 0, size: 3 },
      2,
    );
    expect(((t[0] + 1) / 2) * 255).toBeCloseTo(30, 4);
    expect(((t[1] + 1) / 2) * 255).toBeCloseTo(150, 4);
  });

  it('is bilinear with align_corners=false when enlarging', () => {
    const img = image(2, 2, (x) => [x ? 255 : 0, 0, 0, 255]);
    const t = cropToTensor(img, { x: 0, y: 0, size: 2 }, 4);
    // output x=1 samples source 0.25 -> 0.25*255
    const red = (v: number) => ((v + 1) / 2) * 255;
    expect(red(t[0])).toBeCloseTo(0, 4);
    expect(red(t[1])).toBeCloseTo(0.25 * 255, 4);
    expect(red(t[2])).toBeCloseTo(0.75 * 255, 4);
    expect(red(t[3])).toBeCloseTo(255, 4);
  });

  it('round-trips through tensorToRgba at the same size', () => {
    const img = image(5, 5, (x, y) => [x * 50, y * 50, 7, 255]);
    const back = tensorToRgba(cropToTensor(img, { x: 0, y: 0, size: 5 }, 5), 5);
    for (let i = 0; i < img.data.length; i++) expect(Math.abs(back.data[i] - img.data[i])).toBeLessThanOrEqual(1);
  });
});

describe('pixel checks', () => {
  it('composites alpha over grey', () => {
    const img = image(1, 1, () => [255, 0, 0, 0]);
    expect(hasTransparency(img)).toBe(true);
    const flat = flattenAlpha(img);
    expect([...flat.data]).toEqual([128, 128, 128, 255]);
  });
  it('detects grayscale', () => {
    expect(isGrayscale(image(2, 2, () => [9, 9, 9, 255]))).toBe(true);
    expect(isGrayscale(image(2, 2, (x) => [9, 9, x, 255]))).toBe(false);
  });
  it('sniffs image types by signature', () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10]))).toBe('png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageType(new TextEncoder().encode('hello world'))).toBeNull();
  });
});
