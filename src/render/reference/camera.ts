/**
 * The renderer's pinhole camera (method reference section 3): fov 10 degrees, principal point at the image centre
 * ((W-1)/2, (H-1)/2), pixel (u = column, v = row) at integer coordinates, x right, y down, z forward.
 * Square pixels: the focal length comes from the horizontal fov, f = (W-1)/2 / tan(fov/2), which for the
 * method's square S x S maps is the reference's f = (S-1)/2 / tan(fov/2) (360.0 at 64 px, 725.8 at 128 px).
 */

export const DEFAULT_FOV_DEGREES = 10;

/** The rotation centre C = (0, 0, rot_center_depth) of every view transform. */
export const ROTATION_CENTER_DEPTH = 1.0;

export interface Camera {
  f: number;
  cx: number;
  cy: number;
  height: number;
  width: number;
}

export function makeCamera(height: number, width: number, fovDegrees = DEFAULT_FOV_DEGREES): Camera {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= 2 && width >= 2)) {
    throw new Error(`makeCamera: image size must be integers >= 2, got ${height}x${width}`);
  }
  if (!(fovDegrees > 0 && fovDegrees < 180)) throw new Error(`makeCamera: fov must be in (0, 180), got ${fovDegrees}`);
  const f = (width - 1) / 2 / Math.tan(((fovDegrees / 2) * Math.PI) / 180);
  return { f, cx: (width - 1) / 2, cy: (height - 1) / 2, height, width };
}

/** K^-1 [u, v, 1]: the ray through pixel (row, col) scaled to z = 1; a depth d gives the point d * ray. */
export function pixelRay(camera: Camera, row: number, col: number): [number, number, number] {
  return [(col - camera.cx) / camera.f, (row - camera.cy) / camera.f, 1];
}

/** Perspective projection to pixel coordinates: u = f x / z + cx, v = f y / z + cy. */
export function project(camera: Camera, x: number, y: number, z: number): [number, number] {
  return [(camera.f * x) / z + camera.cx, (camera.f * y) / z + camera.cy];
}

/**
 * Vector-Jacobian product of project(): gradients of (u, v) to gradients of (x, y, z).
 * du/dx = f/z, du/dz = -f x / z^2, dv/dy = f/z, dv/dz = -f y / z^2.
 */
export function projectBackward(
  camera: Camera,
  x: number,
  y: number,
  z: number,
  gradU: number,
  gradV: number,
): [number, number, number] {
  const fz = camera.f / z;
  return [gradU * fz, gradV * fz, -(gradU * x + gradV * y) * (fz / z)];
}

/** Pixel coordinate to grid_sample's normalised coordinate (align_corners = true): -1 at pixel 0, +1 at size-1. */
export function pixelToNormalized(pixel: number, size: number): number {
  return (pixel / (size - 1)) * 2 - 1;
}
