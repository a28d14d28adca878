import { describe, expect, it } from 'vitest';
import { intrinsics, rotationMatrix } from '../../../src/data/synth/camera';
import { npyHeader, parseNpy } from '../../../src/data/synth/npy';
import { Prng } from '../../../src/data/synth/prng';
import { rasterize } from '../../../src/data/synth/rasterizer';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs across seeds (also above 2^32)', () => {
    const seq = (s: number) =>
      Array.from(
        { length: 8 },
        (
          (r) => () =>
            r.nextUint32()
        )(new Prng(s)),
      );
    expect(seq(42)).toEqual(seq(42));
    expect(seq(42)).not.toEqual(seq(43));
    expect(seq(2 ** 32 + 5)).not.toEqual(seq(5));
  });

  it('has sane uniform and normal moments', () => {
    const r = new Prng(7);
    const n = 20000;
    let su = 0,
      sn = 0,
      sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += r.next();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 1);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  it('rejects bad seeds and ranges', () => {
    expect(() => new Prng(-1)).toThrow(/seed/);
    expect(() => new Prng(0.5)).toThrow(/seed/);
    expect(() => new Prng(1).int(0)).toThrow(/positive/);
  });
});

describe('camera', () => {
  it('uses the method intrinsics and R = Rz Ry Rx', () => {
    const k = intrinsics(64);
    expect(k.center).toBe(31.5);
    expect(k.focal).toBeCloseTo(31.5 / Math.tan((5 * Math.PI) / 180), 10);
    // a pure yaw of 90 degrees maps +z onto +x (Ry = [[c,0,s],[0,1,0],[-s,0,c]])
    const r = rotationMatrix(0, Math.PI / 2, 0);
    expect(r[2]).toBeCloseTo(1, 12);
    expect(r[6]).toBeCloseTo(-1, 12);
    // composition order: Rz(90) Rx(90) sends +y to +z then leaves it (Rz keeps z)
    const rzx = rotationMatrix(Math.PI / 2, 0, Math.PI / 2);
    expect(rzx[7]).toBeCloseTo(1, 12);
  });
});

describe('rasterize', () => {
  it('fills a fronto-parallel triangle at its depth and leaves the rest empty', () => {
    const projected = Float32Array.from([0, 0, 2, 8, 0, 2, 0, 8, 2]);
    const f = rasterize(projected, Uint32Array.from([0, 1, 2]), 10, 10);
    expect(f.depth[2 * 10 + 2]).toBe(2);
    expect(f.triangle[9 * 10 + 9]).toBe(-1);
    expect(f.depth[9 * 10 + 9]).toBe(Number.POSITIVE_INFINITY);
  });

  it('interpolates depth and attributes perspective-correctly', () => {
    // vertices at depth 1 and 3 along x: screen midpoint x=4 sits at 1/z = (1 + 1/3)/2 -> z = 1.5
    const projected = Float32Array.from([0, 0, 1, 8, 0, 3, 0, 8, 1]);
    const f = rasterize(projected, Uint32Array.from([0, 1, 2]), 10, 10);
    const s = 0 * 10 + 4;
    expect(f.depth[s]).toBeCloseTo(1.5, 6);
    // attribute weight of vertex 1: (0.5/3) * 1.5 = 0.25 (the 3D midpoint would be 0.5)
    expect(f.b1[s]).toBeCloseTo(0.25, 6);
    expect(f.b2[s]).toBeCloseTo(0, 6);
  });

  it('keeps the nearer of two overlapping triangles whatever the order or winding', () => {
    const projected = Float32Array.from([0, 0, 2, 8, 0, 2, 0, 8, 2, 0, 0, 1, 0, 8, 1, 8, 0, 1]);
    const f = rasterize(projected, Uint32Array.from([0, 1, 2, 3, 4, 5]), 10, 10);
    expect(f.triangle[2 * 10 + 2]).toBe(1);
    expect(f.depth[2 * 10 + 2]).toBe(1);
  });
});

describe('npy', () => {
  it('writes a v1.0 header padded to 64 bytes that parses back', () => {
    const header = npyHeader('float32', [2, 3]);
    expect(header.length % 64).toBe(0);
    const text = new TextDecoder().decode(header.subarray(10));
    expect(text).toContain("'descr': '<f4'");
    expect(text).toContain("'shape': (2, 3)");
    expect(text.endsWith('\n')).toBe(true);
    const body = new Uint8Array(Float32Array.from([1, 2, 3, 4, 5, 6.5]).buffer);
    const file = new Uint8Array(header.length + body.length);
    file.set(header);
    file.set(body, header.length);
    const parsed = parseNpy(file);
    expect(parsed.shape).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(new TextDecoder().decode(npyHeader('uint8', [5]).subarray(10))).toContain("'shape': (5,)");
  });

  it('rejects files that are not .npy', () => {
    expect(() => parseNpy(new Uint8Array(20))).toThrow(/not a .npy/);
  });
});
