// Normals from a depth map exactly as the method's renderer (method-reference.md section 3, Unsup3d
// get_normal_from_depth): back-project every pixel with the fov-10 intrinsics, central differences along
// columns (t_u) and rows (t_v), n = t_u x t_v / (|t_u x t_v| + 1e-7), 1-px border = (0, 0, 1).
// A surface facing the camera gets +z. The arithmetic is the renderer's float64 reference
// (src/render/reference/normals.ts, normalsOf); only the layout ([H, W, 3] here) and the settable epsilon differ.
//
// Faithful detail with a visible consequence: the 1e-7 is added to the *norm*, and at 64 px with depth ~1
// |t_u x t_v| ~ (2/f)^2 = 3.1e-5, so the reference normals have length ~0.9968 and two identical normals
// have a dot product of ~0.9936: MAD has a floor of ~6.5 degrees even for a perfect prediction. Pass
// epsilon = 0 for exactly unit normals (used for the floor-free column in docs/EVALUATION.md).

import { NORMAL_EPS, normalsOf } from '../../render/reference/normals';

export type DepthMap = Float32Array | Float64Array;

/** Unsup3d's renderer EPS (the renderer reference's NORMAL_EPS) */
export const NORMAL_EPSILON = NORMAL_EPS;

/** depth [size, size] -> normals [size, size, 3] (interleaved). */
export function normalsFromDepth(depth: DepthMap, size: number, epsilon = NORMAL_EPSILON): Float64Array {
  if (depth.length !== size * size)
    throw new Error(`normalsFromDepth: depth has ${depth.length} values, expected ${size}x${size}`);
  return normalsOf(depth, 1, size, size, { epsilon, layout: 'interleaved' });
}
