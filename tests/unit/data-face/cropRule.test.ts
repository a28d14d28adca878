import { describe, expect, it } from 'vitest';
import { eyeLineAngle, levelPoints } from '../../../src/data/face/alignment';
import { faceCrop, OVAL_HEIGHT_FRACTION } from '../../../src/data/face/cropRule';
import { eyeCentres, ovalPoints, type Point } from '../../../src/data/face/faceMesh';
import { largestFace } from '../../../src/data/face/selectFace';
import { clampCrop } from '../../../src/data/image/crop';
import { cropCorners, cropLeavesImage, sourceToCrop } from '../../../src/data/image/cropFrame';
import { constructFace, UPRIGHT } from './landmarkSets';

function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThan(tol);
}
function closePoint(a: Point, b: Point, tol = 1e-9): void {
  close(a[0], b[0], tol);
  close(a[1], b[1], tol);
}

describe('the crop rule', () => {
  it('an upright face: square of side oval height / 0.77, centred on the oval box, not turned', () => {
    const crop = faceCrop(constructFace());
    const size = (2 * UPRIGHT.ry) / OVAL_HEIGHT_FRACTION;
    close(crop.size, size);
    close(crop.angle ?? NaN, 0);
    close(crop.x, UPRIGHT.centre[0] - size / 2);
    close(crop.y, UPRIGHT.centre[1] - size / 2);
  });

  it('a turned face: the crop turns with the eye line and its corners are the upright corners turned', () => {
    const angle = (25 * Math.PI) / 180;
    const pivot: Point = [150, 220];
    const upright = faceCrop(constructFace());
    const turned = constructFace(UPRIGHT, angle, pivot);
    close(eyeLineAngle(turned), angle);
    const crop = faceCrop(turned);
    close(crop.angle ?? NaN, angle);
    close(crop.size, upright.size, 1e-6);
    // Every corner of the turned crop is the upright crop's corner turned the same way about the same pivot.
    const want = cropCorners(upright).map((p) => levelPoints([p], pivot, -angle)[0]);
    cropCorners(crop).forEach((corner, i) => {
      closePoint(corner, want[i], 1e-6);
    });
  });

  it('undoes the in-plane rotation: the eyes are level in the crop, the oval fills 0.77 of its height', () => {
    for (const deg of [-40, -12, 0, 7, 33]) {
      const mesh = constructFace(UPRIGHT, (deg * Math.PI) / 180, [90, 40]);
      const crop = faceCrop(mesh);
      const [a, b] = eyeCentres(mesh).map((p) => sourceToCrop(crop, p));
      close(a[1], b[1], 1e-9);
      expect(a[0]).toBeLessThan(b[0]);
      const oval = ovalPoints(mesh).map((p) => sourceToCrop(crop, p));
      const vs = oval.map((p) => p[1]);
      close(Math.max(...vs) - Math.min(...vs), OVAL_HEIGHT_FRACTION, 1e-9);
      close((Math.max(...vs) + Math.min(...vs)) / 2, 0.5, 1e-9);
      const us = oval.map((p) => p[0]);
      close((Math.max(...us) + Math.min(...us)) / 2, 0.5, 1e-9);
    }
  });

  it('a face near the border: the crop leaves the image (padded) and a drag keeps its centre inside', () => {
    const mesh = constructFace({ ...UPRIGHT, centre: [40, 60] });
    const crop = faceCrop(mesh);
    expect(crop.x).toBeLessThan(0);
    expect(cropLeavesImage(crop, 400, 300)).toBe(true);
    expect(cropLeavesImage(faceCrop(constructFace()), 400, 300)).toBe(false);
    // clampCrop keeps a face crop's padding and angle, only its centre is held inside the image.
    expect(clampCrop(crop, 400, 300)).toEqual(crop);
    const dragged = clampCrop({ ...crop, x: -500, y: 900 }, 400, 300);
    close(dragged.x + dragged.size / 2, 0);
    close(dragged.y + dragged.size / 2, 300);
    expect(dragged.angle).toBe(crop.angle);
  });

  it('rejects a mesh that is short or not finite', () => {
    expect(() => faceCrop(constructFace().slice(0, 100))).toThrow(/468 points/);
    const bad = constructFace();
    bad[10] = [Number.NaN, 0];
    expect(() => faceCrop(bad)).toThrow(/non-finite/);
  });

  it('several faces: the largest is chosen, whatever the order and the tilt', () => {
    const small = { mesh: constructFace({ ...UPRIGHT, rx: 30, ry: 40 }), score: 0.99 };
    const large = { mesh: constructFace({ ...UPRIGHT, centre: [500, 300] }, 0.5), score: 0.8 };
    expect(largestFace([small, large])).toBe(1);
    expect(largestFace([large, small])).toBe(0);
    expect(largestFace([])).toBe(-1);
  });
});
