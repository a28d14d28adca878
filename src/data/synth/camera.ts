// The method's camera (method-reference.md section 3): pinhole at the origin looking down +z, x right,
// y down, fov 10 degrees, f = (S-1)/2 / tan(fov/2), principal point (S-1)/2; rotations R = Rz Ry Rx about
// the centre (0, 0, 1).

export const FOV_DEGREES = 10;
export const ROTATION_CENTER_DEPTH = 1.0;

export interface Intrinsics {
  size: number;
  focal: number;
  center: number;
}

export function intrinsics(size: number): Intrinsics {
  if (!Number.isInteger(size) || size < 4)
    throw new Error(`intrinsics: image size must be an integer >= 4, got ${size}`);
  const center = (size - 1) / 2;
  return { size, focal: center / Math.tan(((FOV_DEGREES / 2) * Math.PI) / 180), center };
}

/** R = Rz(rz) Ry(ry) Rx(rx), row-major 3x3, angles in radians. */
export function rotationMatrix(rx: number, ry: number, rz: number): number[] {
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(rx), Math.sin(rx), Math.cos(ry), Math.sin(ry), Math.cos(rz), Math.sin(rz)];
  // Rz * Ry * Rx written out
  return [
    cz * cy,
    cz * sy * sx - sz * cx,
    cz * sy * cx + sz * sx,
    sz * cy,
    sz * sy * sx + cz * cx,
    sz * sy * cx - cz * sx,
    -sy,
    cy * sx,
    cy * cx,
  ];
}
