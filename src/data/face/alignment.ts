/**
 * In-plane rotation: the angle of a face's eye line, and points turned into the frame where that line is level.
 * The synthetic training faces have level eyes on average (roll 5 deg x N(0,1), eye-line angle -0.02 +- 5.5 deg
 * over 2,000 training seeds), so a photo's crop is turned by its eye-line angle to match.
 */
import { eyeCentres, type Point } from './faceMesh';

/** Radians, clockwise on screen: the direction from the image-left eye to the image-right eye. */
export function eyeLineAngle(mesh: Point[]): number {
  const [a, b] = eyeCentres(mesh);
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}

/** Turns points by -angle about `centre`: a line at `angle` comes out level. */
export function levelPoints(points: Point[], centre: Point, angle: number): Point[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return points.map(([x, y]) => {
    const dx = x - centre[0];
    const dy = y - centre[1];
    return [centre[0] + c * dx + s * dy, centre[1] - s * dx + c * dy];
  });
}

/** Turns points by +angle about `centre` (the inverse of levelPoints). */
export function turnPoints(points: Point[], centre: Point, angle: number): Point[] {
  return levelPoints(points, centre, -angle);
}
