import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { chwToPng, depthToPng16, normalsToPng, png16ValueToDepth } from '../../../src/gan2shape/export/images';
import { depthToMesh, MESH_SCALE } from '../../../src/gan2shape/export/mesh';
import { meshToObj } from '../../../src/gan2shape/export/obj';

describe('depth mesh', () => {
  it('has S*S vertices and 2 triangles per cell, front faces towards +z', () => {
    const S = 5;
    const mesh = depthToMesh(new Float32Array(S * S).fill(1), S);
    expect(mesh.positions.length).toBe(S * S * 3);
    expect(mesh.indices.length).toBe((S - 1) * (S - 1) * 6);
    // A plane at depth 1 maps to Z = 0; the centre pixel to X = Y = 0.
    const centre = 2 * S + 2;
    expect(mesh.positions[centre * 3]).toBeCloseTo(0, 6);
    expect(mesh.positions[centre * 3 + 2]).toBeCloseTo(0, 6);
    // Winding: the first triangle's normal points to +z.
    const p = (i: number) => [0, 1, 2].map((k) => mesh.positions[mesh.indices[i] * 3 + k]);
    const [a, b, c] = [p(0), p(1), p(2)];
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    expect(u[0] * v[1] - u[1] * v[0]).toBeGreaterThan(0);
  });

  it('puts nearer pixels further towards +z, and pixel rows upside down', () => {
    const S = 3;
    const depth = new Float32Array(S * S).fill(1);
    depth[4] = 0.9;
    const mesh = depthToMesh(depth, S);
    expect(mesh.positions[4 * 3 + 2]).toBeCloseTo(0.1 * MESH_SCALE, 4);
    expect(mesh.positions[1]).toBeGreaterThan(0); // row 0 is at the top: Y > 0
  });

  it('rejects a depth map of the wrong size', () => {
    expect(() => depthToMesh(new Float32Array(10), 4)).toThrow(/expected 16/);
  });
});

describe('OBJ writer', () => {
  it('writes vertices, uvs, 1-based faces and a texture reference', () => {
    const S = 4;
    const { obj, mtl } = meshToObj(depthToMesh(new Float32Array(S * S).fill(1), S), 'face', 'face.png');
    const lines = obj.split('\n');
    expect(lines.filter((l) => l.startsWith('v ')).length).toBe(S * S);
    expect(lines.filter((l) => l.startsWith('vt ')).length).toBe(S * S);
    const faces = lines.filter((l) => l.startsWith('f '));
    expect(faces.length).toBe((S - 1) * (S - 1) * 2);
    expect(faces[0]).toBe('f 1/1 5/5 2/2');
    const maxIndex = Math.max(
      ...faces.flatMap((f) =>
        f
          .slice(2)
          .split(' ')
          .map((t) => Number(t.split('/')[0])),
      ),
    );
    expect(maxIndex).toBe(S * S);
    expect(obj).toContain('mtllib face.mtl');
    expect(mtl).toContain('map_Kd face.png');
  });
});

describe('PNG exports', () => {
  it('round-trips depth through the 16-bit convention (white = near)', () => {
    const depth = new Float32Array([0.9, 1.0, 1.1, 1.05]);
    const png = decode(depthToPng16(depth, 2));
    expect(png.depth).toBe(16);
    expect(png.data[0]).toBe(65535);
    expect(png.data[2]).toBe(0);
    for (let i = 0; i < 4; i++) expect(png16ValueToDepth(png.data[i])).toBeCloseTo(depth[i], 4);
  });

  it('maps normals to an OpenGL-style normal map', () => {
    const png = decode(normalsToPng(new Float32Array([0, 0, 1, 0, -1, 0]), 1 /* first pixel only */));
    expect([...png.data.slice(0, 3)]).toEqual([128, 128, 255]);
    const up = decode(normalsToPng(new Float32Array([0, -1, 0]), 1));
    expect(up.data[1]).toBe(255); // y down = -1 means "up": green saturates
  });

  it('writes CHW [-1,1] tensors as RGB', () => {
    const png = decode(chwToPng(new Float32Array([-1, 1, 0]), 1));
    expect([...png.data]).toEqual([0, 255, 128]);
  });
});
