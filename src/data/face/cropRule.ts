/**
 * The crop rule for a detected face: frame it the way the default model's training faces are framed.
 *
 * The synthetic faces (src/data/synth, docs/SYNTH_DATA.md) are placed by their 3D bounding box: the mesh's height
 * fills 0.86 x U(0.93, 1.05) of the image, centred. What matters is how the face detector sees that framing, so
 * it was measured with the detector itself on rendered training samples (tools/facemodel/cropFraming.ts: seeds
 * 0-99, zero pose, 256 px renders), in the frame where the eyes are level, as fractions of the image side:
 *   - the detected face oval: height 0.782 +- 0.049, box centre (0.003 +- 0.013, -0.002 +- 0.016);
 *   - the rendered mesh's own oval: height 0.859 +- 0.005 (0.849 at the 64 px training size), centre (0, 0).
 * The detector draws its oval inside the mesh's (forehead point lower, chin higher), on photos as on renders: its
 * oval height / eye distance is 2.70 +- 0.27 on 16 near-frontal photo faces and 2.69 +- 0.21 on the renders,
 * against 2.87 for the mesh itself. So the rule is set on what the detector reports: height 0.782 x 0.849 / 0.859
 * = 0.77 of a 64 px training image, centred. Posed training faces (yaw +-35, pitch +-20 deg) show a shorter oval
 * (0.740 +- 0.065: pitch shortens it) whose centre stays within 0.015 of the middle; the rule keeps the zero-pose
 * numbers, since most photos are near frontal and a turned face's 2D box says nothing of how far it turned.
 *
 * Rule: the square's side is the levelled detected oval's height / 0.77, its centre the oval box's centre, and it is
 * turned by the eye line's angle so the eyes come out level. Where the square leaves the photo the border is
 * replicated (src/data/image/rotatedCrop.ts).
 */
import type { CropBox } from '../image/crop';
import { eyeLineAngle, levelPoints, turnPoints } from './alignment';
import { checkMesh, eyeCentres, ovalPoints, type Point } from './faceMesh';

/** The detected face oval's height as a fraction of the crop (the detector on training renders, zero pose). */
export const OVAL_HEIGHT_FRACTION = 0.77;
/** The oval box's centre relative to the crop centre, in crop sides (measured within 0.003 of 0). */
export const OVAL_CENTRE_OFFSET: Point = [0, 0];
/** The synthetic mesh's own oval height in a 64 px training image at zero pose (tests/unit/data-face/framing.test.ts). */
export const MESH_OVAL_HEIGHT_FRACTION = 0.849;

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
