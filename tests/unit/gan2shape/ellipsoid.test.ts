import { describe, expect, it } from 'vitest';
import { adjustBox, ellipsoidPrior, maskBox } from '../../../src/gan2shape/prior/ellipsoid';

function discMask(size: number, cx: number, cy: number, rx: number, ry: number) {
  const m = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) m[y * size + x] = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1 ? 1 : 0;
  return m;
}

describe('ellipsoid prior', () => {
  it('finds the mask box at the 0.7 threshold', () => {
    const m = new Float32Array(16);
    m[1 * 4 + 2] = 0.71;
    m[3 * 4 + 1] = 0.9;
    m[0] = 0.69;
    expect(maskBox(m, 4)).toEqual({ minX: 1, maxX: 2, minY: 1, maxY: 3 });
    expect(maskBox(new Float32Array(16), 4)).toBeNull();
  });

  it('applies the per-category box adjustments of the reference', () => {
    const box = { minX: 12, maxX: 36, minY: 10, maxY: 40 };
    expect(adjustBox(box, 'synface', 64).minY).toBeCloseTo(10 - 30 / 6);
    const face = adjustBox(box, 'face', 64);
    expect(face.maxY).toBe(63);
    expect(face.minX).toBeCloseTo(14);
    expect(face.maxX).toBeCloseTo(34);
    expect(adjustBox(box, 'car', 64).maxY).toBeCloseTo(45);
  });

  it('is near at the centre, far at the rim and outside (centred circle)', () => {
    const S = 32;
    // A circle centred at (16,16): the box is 16 +- 10 in both axes, ratio 1, centre (16,16) = S/2.
    const prior = ellipsoidPrior(discMask(S, 16, 16, 10.4, 10.4), S, { category: 'generic' });
    expect(prior[16 * S + 16]).toBeCloseTo(0.91, 6);
    expect(prior[0]).toBeCloseTo(1.02, 6);
    // Monotone increase from the centre outwards along the row.
    for (let x = 16; x < 26; x++) expect(prior[16 * S + x + 1]).toBeGreaterThanOrEqual(prior[16 * S + x]);
    // At the rim (dist = r) the formula gives R - sqrt(R^2 - t^2) + near = far.
    expect(prior[16 * S + 26]).toBeCloseTo(1.02, 5);
  });

  it('matches the closed form at a hand-computed point', () => {
    const S = 32;
    const prior = ellipsoidPrior(discMask(S, 16, 16, 10.4, 10.4), S, { category: 'generic' });
    const R = 0.4;
    const t = Math.sqrt(R * R - (R - 0.11) ** 2);
    const d = (5 / 10) * t; // pixel (16, 21): distance 5, r = 10
    expect(prior[16 * S + 21]).toBeCloseTo(R - Math.sqrt(R * R - d * d) + 0.91, 6);
  });

  it('stretches rows by the box aspect ratio', () => {
    const S = 64;
    const prior = ellipsoidPrior(discMask(S, 32, 32, 10.4, 20.4), S, { category: 'generic' });
    // A tall box (ratio 2): 15 rows below the centre is inside, 15 columns to the side is outside.
    expect(prior[(32 + 15) * S + 32]).toBeLessThan(1.02);
    expect(prior[32 * S + 32 + 15]).toBeCloseTo(1.02, 6);
  });

  it('rejects an empty mask with a message', () => {
    expect(() => ellipsoidPrior(new Float32Array(64), 8, { category: 'face' })).toThrow(/mask is empty/);
  });
});
