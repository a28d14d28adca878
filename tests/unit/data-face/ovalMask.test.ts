import { describe, expect, it } from 'vitest';
import { faceCrop, OVAL_HEIGHT_FRACTION } from '../../../src/data/face/cropRule';
import { ovalPoints, type Point } from '../../../src/data/face/faceMesh';
import { ovalEllipse, placeOval, RING_SCALE, rasterizeFaceMask, unitOval } from '../../../src/data/face/ovalMask';
import { sourceToCrop } from '../../../src/data/image/cropFrame';
import { ellipsoidPrior, maskBox } from '../../../src/gan2shape/prior/ellipsoid';
import { constructFace } from './landmarkSets';

function circle(cx: number, cy: number, r: number, n = 72): Point[] {
  return Array.from({ length: n }, (_, k) => {
    const t = (2 * Math.PI * k) / n;
    return [cx + r * Math.cos(t), cy + r * Math.sin(t)] as Point;
  });
}

const at = (mask: Float32Array, size: number, u: number, v: number) =>
  mask[Math.floor(v * size) * size + Math.floor(u * size)];

describe('the face-oval mask', () => {
  it('is 1 inside the oval, 0.5 on the ring, 0 outside, and covers the expected area', () => {
    const size = 128;
    const polygon = circle(0.5, 0.5, 0.3);
    const mask = rasterizeFaceMask(unitOval(polygon), ovalEllipse(polygon), size);
    expect(at(mask, size, 0.5, 0.5)).toBe(1);
    expect(at(mask, size, 0.5 + 0.3 * ((1 + RING_SCALE) / 2), 0.5)).toBe(0.5);
    expect(at(mask, size, 0.5, 0.5 - 0.3 * ((1 + RING_SCALE) / 2))).toBe(0.5);
    expect(at(mask, size, 0.95, 0.5)).toBe(0);
    expect(at(mask, size, 0.02, 0.02)).toBe(0);
    let sum = 0;
    for (const v of mask) sum += v;
    const r = 0.3 * Math.cos(Math.PI / 72); // the 72-gon's area is a touch below the circle's
    const want = Math.PI * r * r * 0.5 + Math.PI * (r * RING_SCALE) ** 2 * 0.5;
    expect(Math.abs(sum / (size * size) - want)).toBeLessThan(0.004);
    // Only the three levels, except on anti-aliased edges.
    const edge = [...mask].filter((v) => v !== 0 && v !== 0.5 && v !== 1).length;
    expect(edge).toBeLessThan(4 * 2 * Math.PI * 0.36 * size);
  });

  it('from landmarks: the oval placed in the crop, its >= 0.7 box is the oval box (what the prior reads)', () => {
    const size = 64;
    const mesh = constructFace(undefined, (18 * Math.PI) / 180, [0, 0]);
    const crop = faceCrop(mesh);
    const inCrop = ovalPoints(mesh).map((p) => sourceToCrop(crop, p));
    const e = ovalEllipse(inCrop);
    const mask = rasterizeFaceMask(unitOval(inCrop), e, size);
    const box = maskBox(mask, size, 0.7);
    expect(box).not.toBeNull();
    if (!box) return;
    // The oval spans OVAL_HEIGHT_FRACTION of the crop's height, centred.
    const top = (0.5 - OVAL_HEIGHT_FRACTION / 2) * size;
    const bottom = (0.5 + OVAL_HEIGHT_FRACTION / 2) * size;
    expect(Math.abs(box.minY - top)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.maxY + 1 - bottom)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.minX - (e.cx - e.rx) * size)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.maxX + 1 - (e.cx + e.rx) * size)).toBeLessThanOrEqual(1);
    // The face category's prior is built from it: nearest at the face, the far value at a top corner.
    const prior = ellipsoidPrior(mask, size, { category: 'face' });
    expect(prior[32 * size + 32]).toBeLessThan(prior[0]);
  });

  it('moves and stretches with the editor ellipse (unit oval round trip)', () => {
    const polygon = circle(0.45, 0.55, 0.2);
    const unit = unitOval(polygon);
    placeOval(unit, ovalEllipse(polygon)).forEach((p, i) => {
      expect(Math.abs(p[0] - polygon[i][0])).toBeLessThan(1e-12);
      expect(Math.abs(p[1] - polygon[i][1])).toBeLessThan(1e-12);
    });
    const size = 64;
    const moved = rasterizeFaceMask(unit, { cx: 0.7, cy: 0.3, rx: 0.1, ry: 0.15 }, size);
    expect(at(moved, size, 0.7, 0.3)).toBe(1);
    expect(at(moved, size, 0.45, 0.55)).toBe(0);
    const box = maskBox(moved, size, 0.7);
    expect(box && Math.abs(box.maxY + 1 - box.minY - 0.3 * size)).toBeLessThanOrEqual(1);
  });

  it('rejects a degenerate oval', () => {
    expect(() =>
      unitOval([
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
      ]),
    ).toThrow(/degenerate/);
  });
});
