/**
 * Landmark sets built by hand for the face tests: a 468-point mesh whose face oval lies on an ellipse and whose
 * eye contours sit on small circles; every other point sits at the face centre (the crop and mask read only the
 * oval and the eyes).
 */
import { turnPoints } from '../../../src/data/face/alignment';
import { FACE_OVAL, LEFT_EYE, MESH_POINTS, type Point, RIGHT_EYE } from '../../../src/data/face/faceMesh';

export interface UprightFace {
  /** Centre of the oval's box. */
  centre: Point;
  /** Half-width and half-height of the oval. */
  rx: number;
  ry: number;
  /** Eye centres' height above the oval centre, and their half distance. */
  eyeRise: number;
  eyeHalfGap: number;
}

export const UPRIGHT: UprightFace = { centre: [200, 150], rx: 60, ry: 80, eyeRise: 15, eyeHalfGap: 28 };

/** An upright face (level eyes), then turned by `angle` (radians, clockwise on screen) about `pivot`. */
export function constructFace(face: UprightFace = UPRIGHT, angle = 0, pivot: Point = face.centre): Point[] {
  const [cx, cy] = face.centre;
  const mesh: Point[] = Array.from({ length: MESH_POINTS }, () => [cx, cy]);
  // Around the oval in order, from the top (the forehead point 10) clockwise on screen.
  FACE_OVAL.forEach((index, k) => {
    const t = (2 * Math.PI * k) / FACE_OVAL.length;
    mesh[index] = [cx + face.rx * Math.sin(t), cy - face.ry * Math.cos(t)];
  });
  const eye = (indices: readonly number[], ex: number) =>
    indices.forEach((index, k) => {
      const t = (2 * Math.PI * k) / indices.length;
      mesh[index] = [ex + 6 * Math.cos(t), cy - face.eyeRise + 3 * Math.sin(t)];
    });
  eye(RIGHT_EYE, cx - face.eyeHalfGap);
  eye(LEFT_EYE, cx + face.eyeHalfGap);
  return angle === 0 ? mesh : turnPoints(mesh, pivot, angle);
}
