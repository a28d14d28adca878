import { describe, expect, it } from 'vitest';
import { meshToGlb, readGlbJson, vertexNormals } from '../../../src/gan2shape/export/glb';
import { depthToMesh } from '../../../src/gan2shape/export/mesh';

interface Gltf {
  asset: { version: string };
  accessors: {
    bufferView: number;
    count: number;
    type: string;
    componentType: number;
    min?: number[];
    max?: number[];
  }[];
  bufferViews: { byteOffset: number; byteLength: number }[];
  buffers: { byteLength: number }[];
  images?: { bufferView: number; mimeType: string }[];
  materials: { pbrMetallicRoughness: { baseColorTexture?: { index: number } } }[];
}

describe('GLB writer', () => {
  const S = 4;
  const mesh = depthToMesh(new Float32Array(S * S).fill(1), S);

  it('writes a valid GLB container: header, JSON chunk, BIN chunk, 4-byte aligned', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const glb = meshToGlb(mesh, png);
    const view = new DataView(glb.buffer);
    expect(view.getUint32(0, true)).toBe(0x46546c67);
    expect(view.getUint32(4, true)).toBe(2);
    expect(view.getUint32(8, true)).toBe(glb.length);
    expect(glb.length % 4).toBe(0);
    const json = readGlbJson(glb) as unknown as Gltf;
    expect(json.asset.version).toBe('2.0');
    const jsonLength = view.getUint32(12, true);
    const binStart = 20 + jsonLength;
    expect(view.getUint32(binStart + 4, true)).toBe(0x004e4942);
    expect(view.getUint32(binStart, true)).toBe(json.buffers[0].byteLength);
    expect(json.accessors.map((a) => [a.count, a.type])).toEqual([
      [S * S, 'VEC3'],
      [S * S, 'VEC3'],
      [S * S, 'VEC2'],
      [(S - 1) * (S - 1) * 6, 'SCALAR'],
    ]);
    for (const v of json.bufferViews) expect(v.byteOffset % 4).toBe(0);
    // the texture bytes are embedded verbatim
    const image = json.bufferViews[json.images![0].bufferView];
    expect(
      Array.from(glb.subarray(binStart + 8 + image.byteOffset, binStart + 8 + image.byteOffset + image.byteLength)),
    ).toEqual(Array.from(png));
    expect(json.materials[0].pbrMetallicRoughness.baseColorTexture).toEqual({ index: 0 });
    // positions round-trip, min/max bound them
    const pos = json.bufferViews[0];
    const positions = new Float32Array(
      glb.slice(binStart + 8 + pos.byteOffset, binStart + 8 + pos.byteOffset + pos.byteLength).buffer,
    );
    expect(Array.from(positions)).toEqual(Array.from(mesh.positions));
    expect(json.accessors[0].max![0]).toBeCloseTo(
      Math.max(...Array.from(mesh.positions).filter((_, i) => i % 3 === 0)),
      5,
    );
    // glTF's v runs down the image: the first row (top) has v = 0
    const uv = json.bufferViews[2];
    const uvs = new Float32Array(
      glb.slice(binStart + 8 + uv.byteOffset, binStart + 8 + uv.byteOffset + uv.byteLength).buffer,
    );
    expect(uvs[1]).toBe(0);
  });

  it('has no image without a texture', () => {
    const json = readGlbJson(meshToGlb(mesh)) as unknown as Gltf;
    expect(json.images).toBeUndefined();
    expect(json.materials[0].pbrMetallicRoughness.baseColorTexture).toBeUndefined();
    expect(() => readGlbJson(new Uint8Array(24))).toThrow(/not a GLB/);
  });

  it('computes unit vertex normals facing the camera (+z) for a flat depth map', () => {
    const n = vertexNormals(mesh.positions, mesh.indices);
    for (let i = 0; i < n.length; i += 3) {
      expect(Math.hypot(n[i], n[i + 1], n[i + 2])).toBeCloseTo(1, 5);
      expect(n[i + 2]).toBeGreaterThan(0.99);
    }
  });
});
