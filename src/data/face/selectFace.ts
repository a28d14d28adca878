/** Several faces in one photo: the largest is the one the page crops first; the others stay offered. */
import { levelledOval } from './cropRule';
import type { FaceLandmarks } from './faceMesh';

/** A face's size: its levelled oval's height in source pixels (what the crop is scaled from). */
export function faceHeight(face: FaceLandmarks): number {
  const oval = levelledOval(face.mesh);
  return oval.maxY - oval.minY;
}

/** The index of the largest face (the first of equals), or -1 when there is none. */
export function largestFace(faces: FaceLandmarks[]): number {
  let best = -1;
  let bestHeight = -Infinity;
  faces.forEach((face, i) => {
    const h = faceHeight(face);
    if (h > bestHeight) {
      best = i;
      bestHeight = h;
    }
  });
  return best;
}
