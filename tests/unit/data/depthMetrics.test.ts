import { describe, expect, it } from 'vitest';
import {
  constantDepth,
  erodeOnePixel,
  evaluationMask,
  groundTruthObjectMask,
  madOnMask,
  meanStd,
  normalsFromDepth,
  scoreDepth,
  sideOnMask,
} from '../../../src/data/metrics';
import { ellipsoidFromMask } from '../../../src/gan2shape/eval/baselines';

const FOCAL_64 = 31.5 / Math.tan((5 * Math.PI) / 180);

/** depth of the plane z = z0 + b * X seen through pixel column u (independent of the row) */
function tiltedPlane(size: number, z0: number, b: number): Float64Array {
  const f = (size - 1) / 2 / Math.tan((5 * Math.PI) / 180);
  const c = (size - 1) / 2;
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) for (let u = 0; u < size; u++) out[r * size + u] = z0 / (1 - (b * (u - c)) / f);
  return out;
}

/** GT: a square of depth 1 inside a far (1.1) background */
function squareGroundTruth(size: number, lo: number, hi: number): Float64Array {
  const gt = new Float64Array(size * size).fill(1.1);
  for (let r = lo; r <= hi; r++) for (let c = lo; c <= hi; c++) gt[r * size + c] = 1;
  return gt;
}

describe('normalsFromDepth', () => {
  it('gives (0,0,1) shortened by the reference epsilon for constant depth, and on the 1-px border', () => {
    // 8 px: f = 3.5 / tan(5 deg); t_u = (2/f, 0, 0), t_v = (0, 2/f, 0) -> |t_u x t_v| = 4/f^2
    const f = 3.5 / Math.tan((5 * Math.PI) / 180);
    const len = 4 / (f * f);
    const n = normalsFromDepth(constantDepth(8, 1), 8);
    const interior = 3 * (3 * 8 + 4);
    expect(n[interior]).toBe(0);
    expect(n[interior + 1]).toBe(0);
    expect(n[interior + 2]).toBeCloseTo(len / (len + 1e-7), 14);
    expect(n[2]).toBeCloseTo(1 / (1 + 1e-7), 14);
    expect(normalsFromDepth(constantDepth(8, 1), 8, 0)[interior + 2]).toBeCloseTo(1, 14);
  });

  it('recovers the direction (-b, 0, 1) of the plane z = 1 + b X', () => {
    const n = normalsFromDepth(tiltedPlane(16, 1, 0.5), 16, 0);
    const i = 3 * (7 * 16 + 9);
    expect(n[i]).toBeCloseTo(-0.5 / Math.sqrt(1.25), 12);
    expect(n[i + 1]).toBeCloseTo(0, 12);
    expect(n[i + 2]).toBeCloseTo(1 / Math.sqrt(1.25), 12);
  });

  it('uses the fov-10 focal length f = 31.5 / tan(5 deg) at 64 px', () => {
    expect(FOCAL_64).toBeCloseTo(360.05, 1);
    const n = normalsFromDepth(tiltedPlane(64, 1, 1), 64, 0);
    const i = 3 * (32 * 64 + 32);
    expect((Math.acos(n[i + 2]) * 180) / Math.PI).toBeCloseTo(45, 9);
  });

  it('rejects a map of the wrong size', () => {
    expect(() => normalsFromDepth(new Float64Array(10), 4)).toThrow(/expected 4x4/);
  });
});

describe('evaluation masks', () => {
  it('erodes by one pixel with zero padding (image border always removed)', () => {
    const full = new Uint8Array(25).fill(1);
    expect(Array.from(erodeOnePixel(full, 5))).toEqual([
      0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    ]);
    const block = new Uint8Array(25);
    for (const i of [6, 7, 8, 11, 12, 13, 16, 17, 18]) block[i] = 1;
    expect(
      Array.from(erodeOnePixel(block, 5))
        .map((v, i) => (v ? i : -1))
        .filter((i) => i >= 0),
    ).toEqual([12]);
  });

  it('takes the GT object as depth < max depth, and multiplies by the eroded validity mask', () => {
    const gt = squareGroundTruth(7, 1, 5);
    expect(Array.from(groundTruthObjectMask(gt)).filter((v) => v).length).toBe(25);
    const mask = evaluationMask(gt, 7);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(9);
    const validity = new Uint8Array(49).fill(1);
    validity[3 * 7 + 4] = 0; // invalid pixel removes itself and its 8 neighbours from the eroded mask
    const masked = evaluationMask(gt, 7, validity);
    expect(masked.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('SIDE and MAD', () => {
  it('SIDE is the std of the log ratio over the mask: log(2)/2 for ratios {2, 1}', () => {
    const pred = Float64Array.from([2, 1, 5]);
    const gt = Float64Array.from([1, 1, 1]);
    expect(sideOnMask(pred, gt, Uint8Array.from([1, 1, 0]))).toBeCloseTo(Math.log(2) / 2, 12);
  });

  it('is scale invariant: a prediction of 2x the GT scores SIDE 0, and MAD 0 with unit normals', () => {
    const gt = squareGroundTruth(9, 1, 7);
    for (let i = 0; i < gt.length; i++) if (gt[i] < 1.1) gt[i] += 0.01 * Math.sin(i);
    const pred = gt.map((d) => 2 * d);
    const s = scoreDepth(pred, gt, 9, { normalEpsilon: 0 });
    expect(s.side).toBeCloseTo(0, 10);
    expect(s.mad).toBeCloseTo(0, 5);
    expect(s.pixels).toBe(25);
  });

  it('has the reference MAD floor of ~6.5 degrees for a perfect prediction at 64 px', () => {
    const gt = squareGroundTruth(64, 10, 50);
    const f = 31.5 / Math.tan((5 * Math.PI) / 180);
    const len = 4 / (f * f);
    const floor = (Math.acos((len / (len + 1e-7)) ** 2) * 180) / Math.PI;
    expect(floor).toBeCloseTo(6.5, 1);
    const s = scoreDepth(gt, gt, 64);
    expect(s.side).toBe(0);
    expect(s.mad).toBeCloseTo(floor, 9);
  });

  it('MAD is 45 degrees for a 45-degree plane against a fronto-parallel GT', () => {
    const gt = squareGroundTruth(16, 2, 13);
    const pred = tiltedPlane(16, 1, 1);
    const s = scoreDepth(pred, gt, 16, { normalEpsilon: 0 });
    expect(s.mad).toBeCloseTo(45, 9);
    expect(s.pixels).toBe(100);
  });

  it('MAD of opposite normals is 180 (dot clamped to -1)', () => {
    const a = Float64Array.from([0, 0, 1]);
    const b = Float64Array.from([0, 0, -1.0000001]);
    expect(madOnMask(a, b, Uint8Array.from([1]))).toBeCloseTo(180, 10);
  });

  it('rejects empty masks and non-positive depth', () => {
    expect(() => sideOnMask(Float64Array.from([1]), Float64Array.from([1]), Uint8Array.from([0]))).toThrow(/empty/);
    expect(() => scoreDepth(new Float64Array(16), constantDepth(4), 4)).toThrow(/positive/);
  });

  it('meanStd uses the population standard deviation', () => {
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
  });
});

describe('ellipsoid prior baseline (the method implementation, cross-checked by hand)', () => {
  it('matches hand-computed values: near at the centre, far at the rim and outside', () => {
    const size = 9;
    const mask = new Uint8Array(size * size);
    for (let r = 2; r <= 6; r++) for (let c = 2; c <= 6; c++) mask[r * size + c] = 255;
    const e = ellipsoidFromMask(mask, size, 'generic');
    // box 2..6: r = 2, ratio 1, centre (4, 4); 9 px image: row stretch about 4.5 is the identity when ratio = 1
    expect(e[4 * size + 4]).toBeCloseTo(0.91, 6);
    expect(e[4 * size + 6]).toBeCloseTo(1.02, 6);
    // dist 1 of r 2: t^2 = 0.16 - 0.29^2 = 0.0759; depth = 0.4 - sqrt(0.16 - 0.0759/4) + 0.91
    expect(e[4 * size + 5]).toBeCloseTo(0.4 - Math.sqrt(0.16 - 0.0759 / 4) + 0.91, 6);
    expect(e[4 * size + 5]).toBeCloseTo(0.934467, 5);
    expect(e[0]).toBeCloseTo(1.02, 6);
  });

  it('extends the synface box upward by a sixth of its height', () => {
    const size = 16;
    const mask = new Uint8Array(size * size);
    for (let r = 6; r <= 12; r++) for (let c = 4; c <= 11; c++) mask[r * size + c] = 255;
    const plain = ellipsoidFromMask(mask, size, 'generic');
    const syn = ellipsoidFromMask(mask, size, 'synface');
    const nearestRow = (e: Float32Array) => {
      let best = 0;
      for (let r = 0; r < size; r++) if (e[r * size + 8] < e[best * size + 8]) best = r;
      return best;
    };
    expect(nearestRow(syn)).toBeLessThan(nearestRow(plain));
  });

  it('rejects an empty mask', () => {
    expect(() => ellipsoidFromMask(new Uint8Array(16), 4, 'synface')).toThrow(/empty/);
  });
});
