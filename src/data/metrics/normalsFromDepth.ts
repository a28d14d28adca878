// Normals from a depth map exactly as the method's renderer (method-reference.md section 3, Unsup3d
// get_normal_from_depth): back-project every pixel with the fov-10 intrinsics, central differences along
// columns (t_u) and rows (t_v), n = t_u x t_v / (|t_u x t_v| + 1e-7), 1-px border = (0, 0, 1).
// A surface facing the camera gets +z.
//
// Faithful detail with a visible consequence: the 1e-7 is added to the *norm*, and at 64 px with depth ~1
// |t_u x t_v| ~ (2/f)^2 = 3.1e-5, so the reference normals have length ~0.9968 and two identical normals
// have a dot product of ~0.9936: MAD has a floor of ~6.5 degrees even for a perfect prediction. Pass
// epsilon = 0 for exactly unit normals (used for the floor-free column in docs/EVALUATION.md).

export type DepthMap = Float32Array | Float64Array;

const FOV_DEGREES = 10;
/** Unsup3d's renderer EPS */
export const NORMAL_EPSILON = 1e-7;

export function normalsFromDepth(depth: DepthMap, size: number, epsilon = NORMAL_EPSILON): Float64Array {
  if (depth.length !== size * size)
    throw new Error(`normalsFromDepth: depth has ${depth.length} values, expected ${size}x${size}`);
  const c = (size - 1) / 2;
  const f = c / Math.tan(((FOV_DEGREES / 2) * Math.PI) / 180);
  const point = (r: number, col: number, k: number) => {
    const d = depth[r * size + col];
    return k === 0 ? (d * (col - c)) / f : k === 1 ? (d * (r - c)) / f : d;
  };
  const out = new Float64Array(size * size * 3);
  for (let r = 0; r < size; r++) {
    for (let col = 0; col < size; col++) {
      const o = 3 * (r * size + col);
      if (r === 0 || col === 0 || r === size - 1 || col === size - 1) {
        out[o + 2] = 1 / (1 + epsilon);
        continue;
      }
      const tu = [0, 1, 2].map((k) => point(r, col + 1, k) - point(r, col - 1, k));
      const tv = [0, 1, 2].map((k) => point(r + 1, col, k) - point(r - 1, col, k));
      const n = [tu[1] * tv[2] - tu[2] * tv[1], tu[2] * tv[0] - tu[0] * tv[2], tu[0] * tv[1] - tu[1] * tv[0]];
      const len = Math.hypot(n[0], n[1], n[2]) + epsilon;
      out[o] = n[0] / len;
      out[o + 1] = n[1] / len;
      out[o + 2] = n[2] / len;
    }
  }
  return out;
}
