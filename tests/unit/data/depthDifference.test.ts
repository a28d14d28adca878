// The comparison maps of the ground-truth panel: recovered minus ground truth on the evaluation mask with its mean
// removed (SIDE ignores a global scale), and one depth range for both maps.
import { describe, expect, it } from 'vitest';
import { depthDifference, sharedDepthRange } from '../../../src/data/metrics/depthDifference';

describe('depth difference', () => {
  it('is pred - gt on the mask, its mean offset removed, NaN elsewhere', () => {
    const gt = Float32Array.from([1.0, 1.0, 1.1, 0.98]);
    const pred = Float32Array.from([1.05, 1.01, 2.0, 1.0]);
    const mask = Uint8Array.from([1, 1, 0, 1]);
    const d = depthDifference(pred, gt, mask);
    const raw = [0.05, 0.01, 0.02];
    const mean = (0.05 + 0.01 + 0.02) / 3;
    expect(d.pixels).toBe(3);
    expect(d.offset).toBeCloseTo(mean, 6);
    expect(d.values[0]).toBeCloseTo(raw[0] - mean, 6);
    expect(d.values[1]).toBeCloseTo(raw[1] - mean, 6);
    expect(Number.isNaN(d.values[2])).toBe(true);
    expect(d.values[3]).toBeCloseTo(raw[2] - mean, 6);
    expect(d.maxAbs).toBeCloseTo(0.05 - mean, 6);
  });

  it('is zero for a prediction that is the ground truth shifted, and empty for an empty mask', () => {
    const gt = Float32Array.from([1, 0.99, 0.97, 1.02]);
    const shifted = Float32Array.from(gt, (v) => v + 0.1);
    const d = depthDifference(shifted, gt, [1, 1, 1, 1]);
    expect(d.offset).toBeCloseTo(0.1, 6);
    expect(d.maxAbs).toBeLessThan(1e-6);
    const none = depthDifference(shifted, gt, [0, 0, 0, 0]);
    expect(none).toMatchObject({ pixels: 0, offset: 0, maxAbs: 0 });
    expect(Array.from(none.values).every(Number.isNaN)).toBe(true);
  });

  it('shares one range over both maps on the mask only', () => {
    const a = Float32Array.from([0.95, 1.0, 1.5]);
    const b = Float32Array.from([0.97, 0.93, 0.5]);
    expect(sharedDepthRange(a, b, [1, 1, 0])).toEqual({ lo: b[1], hi: a[1] });
    expect(sharedDepthRange(a, b, [0, 0, 0])).toBeNull();
  });

  it('refuses maps of different sizes', () => {
    expect(() => depthDifference(new Float32Array(4), new Float32Array(4), new Uint8Array(3))).toThrow(/values/);
  });
});
