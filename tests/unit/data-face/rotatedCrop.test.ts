import { describe, expect, it } from 'vitest';
import { faceCrop } from '../../../src/data/face/cropRule';
import { eyeCentres } from '../../../src/data/face/faceMesh';
import { cropToTensor } from '../../../src/data/image/crop';
import { cropToSource, sourceToCrop } from '../../../src/data/image/cropFrame';
import type { RgbaImage } from '../../../src/data/image/rgba';
import { uprightCrop } from '../../../src/data/image/rotatedCrop';
import { constructFace, UPRIGHT } from './landmarkSets';

function image(width: number, height: number, f: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...f(x, y), 255], (y * width + x) * 4);
  return { width, height, data };
}

const red = (img: RgbaImage, x: number, y: number) => img.data[(y * img.width + x) * 4];

describe('the turned crop', () => {
  it('a quarter turn on whole pixels is a pixel permutation', () => {
    const src = image(4, 4, (x, y) => [10 * y + x, 0, 0]);
    const out = uprightCrop(src, { x: 0, y: 0, size: 4, angle: Math.PI / 2 });
    // The crop's x axis points down the image, its y axis to the image's left.
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) expect(red(out, i, j)).toBe(red(src, 3 - j, i));
  });

  it('source <-> crop coordinates invert each other at any angle', () => {
    const box = { x: -12.5, y: 40, size: 77, angle: 0.7 };
    for (const p of [
      [0, 0],
      [0.3, 0.9],
      [1, 1],
    ] as [number, number][]) {
      const back = sourceToCrop(box, cropToSource(box, p));
      expect(Math.abs(back[0] - p[0]) + Math.abs(back[1] - p[1])).toBeLessThan(1e-12);
    }
  });

  it('pads past the border by replicating the edge pixels', () => {
    // Left half red 200, right half red 40; a box hanging 10 px off the left edge (its last column is x 29.5).
    const src = image(40, 40, (x) => [x < 20 ? 200 : 40, 7, 9]);
    const out = uprightCrop(src, { x: -10, y: 0, size: 40, angle: 1e-6 });
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 9; i++) expect(red(out, i, j)).toBe(200);
      expect(red(out, 39, j)).toBe(40);
    }
    // The axis-aligned path pads the same way (its taps are clamped).
    const plain = cropToTensor(src, { x: -10, y: 0, size: 40, angle: 0 }, 20);
    const turned = cropToTensor(src, { x: -10, y: 0, size: 40, angle: 1e-6 }, 20);
    let worst = 0;
    for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(plain[i] - turned[i]));
    expect(worst).toBeLessThan(2 / 255 + 1e-6);
  });

  it('a tilted face comes out with level eyes: the crop of a tilted picture equals the upright picture', () => {
    // A picture whose brightness is the upright face's level-frame height, tilted by 20 deg: in the crop every
    // row must come out flat.
    const angle = (20 * Math.PI) / 180;
    const mesh = constructFace(UPRIGHT, angle, UPRIGHT.centre);
    const crop = faceCrop(mesh);
    const [a, b] = eyeCentres(mesh);
    expect(Math.abs(sourceToCrop(crop, a)[1] - sourceToCrop(crop, b)[1])).toBeLessThan(1e-9);
    const src = image(400, 300, (x, y) => {
      const v = sourceToCrop(crop, [x + 0.5, y + 0.5])[1];
      return [Math.round(Math.min(Math.max(v, 0), 1) * 255), 0, 0];
    });
    const size = 32;
    const t = cropToTensor(src, crop, size);
    for (let row = 1; row < size - 1; row++) {
      const line = t.slice(row * size, (row + 1) * size);
      expect(Math.max(...line) - Math.min(...line)).toBeLessThan(0.03);
      expect(Math.abs((line[16] + 1) / 2 - (row + 0.5) / size)).toBeLessThan(0.02);
    }
  });
});
