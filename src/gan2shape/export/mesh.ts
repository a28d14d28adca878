/**
 * The recovered depth map as a mesh for export: S*S vertices (one per pixel, back-projected through the
 * method's camera), two triangles per grid cell, UVs onto the image. Coordinates follow the usual viewer
 * convention (x right, y up, the face towards +z): X = x, Y = -y, Z = ROTATION_CENTER_DEPTH - z, in units of
 * 1/100 of the camera-to-face distance (the reference's OBJ export also flips y, maps z to 1 - z and scales by 100).
 */
import { makeCamera, pixelRay, ROTATION_CENTER_DEPTH } from '../../render/reference/camera';

export interface DepthMesh {
  size: number;
  /** xyz per vertex, row-major over the pixel grid. */
  positions: Float32Array;
  /** uv per vertex in [0,1], v = 0 at the image bottom (OBJ/glTF texture convention differs; see writers). */
  uvs: Float32Array;
  /** Triangle vertex indices, counter-clockwise seen from +z. */
  indices: Uint32Array;
}

export const MESH_SCALE = 100;

export function depthToMesh(depth: ArrayLike<number>, size: number): DepthMesh {
  if (depth.length !== size * size) throw new Error(`depthToMesh: expected ${size * size} depths, got ${depth.length}`);
  const camera = makeCamera(size, size);
  const positions = new Float32Array(size * size * 3);
  const uvs = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      const d = depth[i];
      const [rx, ry, rz] = pixelRay(camera, r, c);
      positions[i * 3] = rx * d * MESH_SCALE;
      positions[i * 3 + 1] = -ry * d * MESH_SCALE;
      positions[i * 3 + 2] = (ROTATION_CENTER_DEPTH - rz * d) * MESH_SCALE;
      uvs[i * 2] = c / (size - 1);
      uvs[i * 2 + 1] = 1 - r / (size - 1);
    }
  }
  const indices = new Uint32Array((size - 1) * (size - 1) * 6);
  let k = 0;
  for (let r = 0; r < size - 1; r++) {
    for (let c = 0; c < size - 1; c++) {
      const a = r * size + c;
      // The renderer's two triangles per cell: (r,c),(r+1,c),(r,c+1) and (r,c+1),(r+1,c),(r+1,c+1).
      indices.set([a, a + size, a + 1, a + 1, a + size, a + size + 1], k);
      k += 6;
    }
  }
  return { size, positions, uvs, indices };
}
