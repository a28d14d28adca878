/**
 * Binary glTF 2.0 (.glb) of the depth mesh without three.js (the app exports its three.js scene with
 * GLTFExporter; Node has no canvas for that): positions, smooth vertex normals, UVs, 32-bit indices and the
 * texture PNG embedded in the binary chunk. Coordinates are the mesh's (x right, y up, the face towards +z,
 * counter-clockwise front faces), which is glTF's convention; glTF's UV origin is the image's top-left, so
 * v is flipped from the mesh's bottom-left one.
 */
import type { DepthMesh } from './mesh';

const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_INT = 5125;

/** Area-weighted vertex normals of a triangle mesh, unit length ((0, 0, 1) for isolated vertices). */
export function vertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const n = new Float32Array(positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t] * 3, indices[t + 1] * 3, indices[t + 2] * 3];
    const u = [0, 1, 2].map((k) => positions[b + k] - positions[a + k]);
    const v = [0, 1, 2].map((k) => positions[c + k] - positions[a + k]);
    const cross = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    for (const o of [a, b, c]) for (let k = 0; k < 3; k++) n[o + k] += cross[k];
  }
  for (let i = 0; i < n.length; i += 3) {
    const len = Math.hypot(n[i], n[i + 1], n[i + 2]);
    if (len > 0) {
      n[i] /= len;
      n[i + 1] /= len;
      n[i + 2] /= len;
    } else n[i + 2] = 1;
  }
  return n;
}

function bounds(positions: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], positions[i + k]);
      max[k] = Math.max(max[k], positions[i + k]);
    }
  }
  return { min, max };
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The mesh as a .glb; `texturePng` (optional) becomes the base colour of an unlit-looking matte material. */
export function meshToGlb(mesh: DepthMesh, texturePng?: Uint8Array, name = 'gan2shape'): Uint8Array {
  const vertexCount = mesh.positions.length / 3;
  const uvs = new Float32Array(mesh.uvs.length);
  for (let i = 0; i < uvs.length; i += 2) {
    uvs[i] = mesh.uvs[i];
    uvs[i + 1] = 1 - mesh.uvs[i + 1];
  }
  const parts: Uint8Array[] = [
    new Uint8Array(mesh.positions.buffer, mesh.positions.byteOffset, mesh.positions.byteLength),
    new Uint8Array(vertexNormals(mesh.positions, mesh.indices).buffer),
    new Uint8Array(uvs.buffer),
    new Uint8Array(mesh.indices.buffer, mesh.indices.byteOffset, mesh.indices.byteLength),
  ];
  if (texturePng) parts.push(texturePng);
  const offsets: number[] = [];
  let binLength = 0;
  for (const p of parts) {
    offsets.push(binLength);
    binLength = pad4(binLength + p.length);
  }
  const targets = [ARRAY_BUFFER, ARRAY_BUFFER, ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER];
  const bufferViews = parts.map((p, i) => ({
    buffer: 0,
    byteOffset: offsets[i],
    byteLength: p.length,
    ...(i < 4 ? { target: targets[i] } : {}),
  }));
  const gltf: Record<string, unknown> = {
    asset: { version: '2.0', generator: 'gan2shape-webgpu' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, name }],
    meshes: [
      {
        name,
        primitives: [
          {
            attributes: { POSITION: 0, NORMAL: 1, TEXCOORD_0: 2 },
            indices: 3,
            material: 0,
            mode: 4,
          },
        ],
      },
    ],
    materials: [
      {
        name: 'face',
        doubleSided: true,
        pbrMetallicRoughness: {
          metallicFactor: 0,
          roughnessFactor: 1,
          ...(texturePng ? { baseColorTexture: { index: 0 } } : {}),
        },
      },
    ],
    accessors: [
      { bufferView: 0, componentType: FLOAT, count: vertexCount, type: 'VEC3', ...bounds(mesh.positions) },
      { bufferView: 1, componentType: FLOAT, count: vertexCount, type: 'VEC3' },
      { bufferView: 2, componentType: FLOAT, count: vertexCount, type: 'VEC2' },
      { bufferView: 3, componentType: UNSIGNED_INT, count: mesh.indices.length, type: 'SCALAR' },
    ],
    bufferViews,
    buffers: [{ byteLength: binLength }],
  };
  if (texturePng) {
    gltf.images = [{ bufferView: 4, mimeType: 'image/png' }];
    gltf.samplers = [{ magFilter: 9729, minFilter: 9729, wrapS: 33071, wrapT: 33071 }];
    gltf.textures = [{ source: 0, sampler: 0 }];
  }
  const jsonBytes = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLength = pad4(jsonBytes.length);
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, GLB_MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonLength); // JSON is padded with spaces
  const bin = 20 + jsonLength;
  view.setUint32(bin, binLength, true);
  view.setUint32(bin + 4, CHUNK_BIN, true);
  parts.forEach((p, i) => {
    out.set(p, bin + 8 + offsets[i]);
  });
  return out;
}

/** The JSON chunk of a .glb (tests, tools). */
export function readGlbJson(glb: Uint8Array): Record<string, unknown> {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  if (glb.length < 20 || view.getUint32(0, true) !== GLB_MAGIC) throw new Error('not a GLB file');
  if (view.getUint32(16, true) !== CHUNK_JSON) throw new Error('GLB: the first chunk is not JSON');
  const length = view.getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + length)));
}
