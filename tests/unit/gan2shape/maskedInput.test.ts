// A bundled sample's ground-truth mask as the method's object mask: area-resampled to the method's size with the
// image (so its area is kept), the synface prior built from it, and the same input eval:method builds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMaskPng, maskAreaFraction } from '../../../src/data/synth/groundTruthPng';
import { synthRunInput } from '../../../src/gan2shape/eval/methodEval';
import { ellipsoidPrior } from '../../../src/gan2shape/prior/ellipsoid';
import { prepareMaskedRunInput } from '../../../src/gan2shape/runner/input';

const mask = decodeMaskPng(readFileSync('public/samples/synface/synface_1000000_mask.png'));
const whole = { x: 0, y: 0, size: 64 };
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

/** A 64 px test picture: a horizontal ramp in R, a vertical one in G. */
function picture(size: number) {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([(i % size) * 4, Math.floor(i / size) * 4, 128, 255], i * 4);
  return { width: size, height: size, data };
}

describe('the method input with a given object mask', () => {
  it("keeps the GT mask's area at the method's size and builds the synface prior from it", () => {
    const input = prepareMaskedRunInput(picture(64), whole, mask, 32);
    expect(input.category).toBe('synface');
    expect(input.mask.length).toBe(32 * 32);
    expect(mean(input.mask)).toBeCloseTo(maskAreaFraction(mask), 6);
    expect(Array.from(input.prior)).toEqual(Array.from(ellipsoidPrior(input.mask, 32, { category: 'synface' })));
  });

  it("is eval:method's input for the same image and mask", () => {
    const rgba = picture(64);
    const rgb = new Uint8Array(64 * 64 * 3);
    const grey = new Uint8Array(64 * 64);
    for (let i = 0; i < 64 * 64; i++) {
      rgb.set(rgba.data.subarray(i * 4, i * 4 + 3), i * 3);
      grey[i] = mask.data[i * 4];
    }
    const ours = prepareMaskedRunInput(rgba, whole, mask, 32);
    const cli = synthRunInput(rgb, grey, 64, 32);
    expect(Array.from(ours.image)).toEqual(Array.from(cli.image));
    expect(Array.from(ours.mask)).toEqual(Array.from(cli.mask));
    expect(Array.from(ours.prior)).toEqual(Array.from(cli.prior));
  });

  it("scales the crop to the mask's pixels when the image is smaller (a stored run's 32 px input)", () => {
    const small = picture(32);
    const fromSmall = prepareMaskedRunInput(small, { x: 0, y: 0, size: 32 }, mask, 32);
    const fromFull = prepareMaskedRunInput(picture(64), whole, mask, 32);
    expect(Array.from(fromSmall.mask)).toEqual(Array.from(fromFull.mask));
    expect(() =>
      prepareMaskedRunInput(
        { ...small, width: 16, data: small.data.subarray(0, 16 * 32 * 4) },
        { x: 0, y: 0, size: 16 },
        mask,
        8,
      ),
    ).toThrow(/aspect ratio/);
  });
});
