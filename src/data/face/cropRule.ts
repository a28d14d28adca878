/**
 * The crop rule for a detected face: frame it the way the default model's training faces are framed.
 *
 * The synthetic faces (src/data/synth, docs/SYNTH_DATA.md) are placed by their 3D bounding box: the mesh's height
 * fills 0.86 x U(0.93, 1.05) of the image, centred. Measured on the 2D face oval that a detector sees (the same
 * 468-point topology), in the frame where the eyes are level, over training seeds 0-1999 (tests/unit/data-face/
 * framing.test.ts re-measures it):
 *   - at zero pose: oval height 0.849 +- 0.005 of the image, oval-box centre offset (0.000 +- 0.005, 0.000 +- 0.001);
 *   - over the training poses (yaw +-35, pitch +-20 deg): height 0.832 +- 0.034, centre (-0.002 +- 0.071,
 *     0.000 +- 0.018): pitch shortens the oval, yaw slides it sideways; the means stay centred.
 * The rule takes the zero-pose numbers (most photos are near frontal, and a turned face's 2D box says nothing of
 * how far it turned): the square's side is the levelled oval's height / 0.85, its centre the oval box's centre,
 * and it is turned by the eye line's angle so the eyes come out level. Where the square leaves the photo the
 * border is replicated (src/data/image/rotatedCrop.ts).
 */
import type { CropBox } from '../image/crop';
import { eyeLineAngle, levelPoints, turnPoints } from './alignment';
import { checkMesh, eyeCentres, ovalPoints, type Point } from './faceMesh';

/** The face oval's height as a fraction of the crop (synthetic training faces at zero pose: 0.849 +- 0.005). */
export const OVAL_HEIGHT_FRACTION = 0.85;
/** The oval box's centre relative to the crop centre, in crop sides (measured 0.000, 0.000 at zero pose). */
export const OVAL_CENTRE_OFFSET: Point = [0, 0];

export interface LevelledOval {
  /** The eye line's angle (radians, clockwise on screen). */
  angle: number;
  /** The point the oval was levelled about (the eyes' midpoint). */
  pivot: Point;
  /** The levelled oval's bounding box, in source pixels about the pivot's frame. */
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The face oval's bounding box in the frame where the eyes are level. */
export function levelledOval(mesh: Point[]): LevelledOval {
  checkMesh(mesh);
  const angle = eyeLineAngle(mesh);
  const [a, b] = eyeCentres(mesh);
  const pivot: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const level = levelPoints(ovalPoints(mesh), pivot, angle);
  const xs = level.map((p) => p[0]);
  const ys = level.map((p) => p[1]);
  return { angle, pivot, minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** The crop box (turned, possibly leaving the image) that frames a face like the training data. */
export function faceCrop(mesh: Point[]): CropBox {
  const oval = levelledOval(mesh);
  const size = (oval.maxY - oval.minY) / OVAL_HEIGHT_FRACTION;
  if (!(size > 0)) throw new Error('The face oval has no height.');
  const levelCentre: Point = [
    (oval.minX + oval.maxX) / 2 - OVAL_CENTRE_OFFSET[0] * size,
    (oval.minY + oval.maxY) / 2 - OVAL_CENTRE_OFFSET[1] * size,
  ];
  const [centre] = turnPoints([levelCentre], oval.pivot, oval.angle);
  return { x: centre[0] - size / 2, y: centre[1] - size / 2, size, angle: oval.angle };
}
