// Reads MediaPipe's canonical 3D face mesh (Apache-2.0) out of @mediapipe/face_mesh's packed assets:
// geometry_pipeline_metadata_landmarks.binarypb holds a Mesh3d (field 1) with a vertex buffer of
// (x, y, z, u, v) per vertex in centimetres and a triangle index buffer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from './packageDir';
import { readMessage, repeatedFloats, repeatedVarints } from './protobufWire';

export interface CanonicalMesh {
  /** x right, y up, z toward the viewer, centimetres; length 3V. */
  positions: Float64Array;
  /** u, v texture coordinates in [0,1]; length 2V. */
  uvs: Float64Array;
  /** vertex indices, length 3T. */
  triangles: Uint32Array;
}

const ASSET_NAME = 'geometry_pipeline_metadata_landmarks.binarypb';

function locatePackedAsset(pkgDir: string): { data: Uint8Array; start: number; end: number } {
  const loader = readFileSync(join(pkgDir, 'face_mesh_solution_packed_assets_loader.js'), 'utf8');
  const re = /"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)/g;
  for (let m = re.exec(loader); m; m = re.exec(loader)) {
    if (m[1].endsWith(ASSET_NAME)) {
      const data = readFileSync(join(pkgDir, 'face_mesh_solution_packed_assets.data'));
      return { data, start: Number(m[2]), end: Number(m[3]) };
    }
  }
  throw new Error(`${ASSET_NAME} not listed in the @mediapipe/face_mesh packed assets`);
}

export function parseCanonicalMesh(metadata: Uint8Array): CanonicalMesh {
  const top = readMessage(metadata);
  const meshField = top.find((f) => f.field === 1 && f.wire === 2);
  if (meshField?.wire !== 2) throw new Error('canonical mesh: no Mesh3d (field 1) in metadata');
  const mesh = readMessage(meshField.bytes);
  const vertexBuffer = repeatedFloats(mesh, 3);
  const indices = repeatedVarints(mesh, 4);
  if (vertexBuffer.length % 5 !== 0) throw new Error('canonical mesh: vertex buffer is not 5 floats per vertex');
  if (indices.length % 3 !== 0) throw new Error('canonical mesh: index buffer is not a triangle list');
  const count = vertexBuffer.length / 5;
  const positions = new Float64Array(count * 3);
  const uvs = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    positions.set(vertexBuffer.slice(5 * i, 5 * i + 3), 3 * i);
    uvs.set(vertexBuffer.slice(5 * i + 3, 5 * i + 5), 2 * i);
  }
  const triangles = Uint32Array.from(indices);
  for (const index of triangles) if (index >= count) throw new Error('canonical mesh: index out of range');
  return { positions, uvs, triangles };
}

export function loadCanonicalMesh(): CanonicalMesh {
  const pkgDir = packageDir('@mediapipe/face_mesh');
  const { data, start, end } = locatePackedAsset(pkgDir);
  return parseCanonicalMesh(data.subarray(start, end));
}
