/**
 * The 468-point face mesh (MediaPipe's topology, as @vladmandic/human predicts it and as the synthetic faces are
 * built: src/data/synth uses the same canonical mesh), and the landmark groups the crop and the mask are made of.
 * The index tables are copied from Human 3.3.6's src/face/facemeshcoords.ts (`meshAnnotations`, MIT): this module
 * stays free of Human's bundle, and a unit test checks the copy against the installed package.
 */
import type { Point } from '../image/cropFrame';

export type { Point };

export const MESH_POINTS = 468;

/** The face oval ("silhouette"), in order around the face from the top of the forehead (10) through the chin (152). */
export const FACE_OVAL: readonly number[] = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
  172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/** The subject's right eye (on the image's left in a frontal photo): upper and lower lid contours (rightEye*0). */
export const RIGHT_EYE: readonly number[] = [
  246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133,
];

/** The subject's left eye: upper and lower lid contours (leftEye*0). */
export const LEFT_EYE: readonly number[] = [
  466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362,
];

/** A detected face as the crop and mask need it: its landmarks in source pixels (x right, y down). */
export interface FaceLandmarks {
  /** The 468 mesh points, x and y only. */
  mesh: Point[];
  /** The detector's confidence in the mesh (0..1). */
  score: number;
}

function mean(points: Point[], indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points[i][0];
    y += points[i][1];
  }
  return [x / indices.length, y / indices.length];
}

/** The eye centres (the mean of each lid contour): first the one on the image's left in an upright face. */
export function eyeCentres(mesh: Point[]): [Point, Point] {
  return [mean(mesh, RIGHT_EYE), mean(mesh, LEFT_EYE)];
}

/** The face-oval points, in order. */
export function ovalPoints(mesh: Point[]): Point[] {
  return FACE_OVAL.map((i) => mesh[i]);
}

/** Checks a landmark set before anything is built from it (a short or non-finite mesh is a detector bug). */
export function checkMesh(mesh: Point[]): void {
  if (mesh.length < MESH_POINTS) throw new Error(`A face mesh needs ${MESH_POINTS} points, got ${mesh.length}.`);
  for (const [x, y] of mesh.slice(0, MESH_POINTS))
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('A face mesh has a non-finite point.');
}
