import { describe, expect, it } from 'vitest';
import { scoreDepth } from '../../../src/data/metrics/depthMetrics';
import { resampleSquare, scoreReconDepth, synthRunInput } from '../../../src/gan2shape/eval/methodEval';
import { PRIOR_NEAR } from '../../../src/gan2shape/prior/ellipsoid';

/** A bump on a plane at depth 1, background 1.1 outside a disc: a ground truth like the synth data's. */
function bump(size: number): Float32Array {
  const d = new Float32Array(size * size).fill(1.1);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const x = (c + 0.5) / size - 0.5;
      const y = (r + 0.5) / size - 0.5;
      if (x * x + y * y < 0.16) d[r * size + c] = 1 - 0.05 * Math.exp(-(x * x + y * y) * 20);
    }
  return d;
}

describe('method evaluation', () => {
  it('resamples bilinearly with align_corners = false', () => {
    expect(Array.from(resampleSquare([1, 2, 3, 4], 2, 2))).toEqual([1, 2, 3, 4]);
    const up = resampleSquare([0, 1, 0, 1], 2, 4);
    expect(Array.from(up.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(Array.from(resampleSquare(up, 4, 2))).toEqual([0.125, 0.875, 0.125, 0.875]);
  });

  it('scores a prediction with the validity mask [reconDepth < 1.2], as scoreDepth with that mask', () => {
    const gt = bump(16);
    const pred = Float32Array.from(gt, (d) => d * 1.01);
    pred[0] = 1.2; // outside the view: not valid
    const s = scoreReconDepth(pred, 16, gt, 16);
    const validity = Uint8Array.from(pred, (d) => (d < 1.2 ? 1 : 0));
    const ref = scoreDepth(pred, gt, 16, { validity });
    expect(s.side).toBeCloseTo(ref.side, 12);
    expect(s.mad).toBeCloseTo(ref.mad, 12);
    expect(s.resampled).toBe(false);
    expect(s.side).toBeLessThan(1e-6); // a global scale is free
    expect(s.madUnit).toBeLessThan(s.mad);
  });

  it('resamples a smaller method size to the ground truth and stays close for a smooth depth', () => {
    const gt = bump(32);
    const s = scoreReconDepth(resampleSquare(gt, 32, 16), 16, gt, 32);
    expect(s.resampled).toBe(true);
    expect(s.side).toBeLessThan(0.01);
  });

  it('turns a dataset sample into the method input: whole image, GT mask, synface prior', () => {
    const size = 16;
    const rgb = new Uint8Array(size * size * 3).fill(255);
    const mask = new Uint8Array(size * size);
    for (let r = 4; r < 12; r++) for (let c = 4; c < 12; c++) mask[r * size + c] = 255;
    const input = synthRunInput(rgb, mask, size, 8);
    expect(input.size).toBe(8);
    expect(input.category).toBe('synface');
    expect(Array.from(input.image.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    // the mask is area-resampled: 2 x 2 source pixels per input pixel
    expect(Array.from(input.mask.subarray(16, 24))).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(input.mask[0]).toBe(0);
    // the synface bump: PRIOR_NEAR.synface at its apex, 1.02 at the rim
    expect(Math.min(...input.prior)).toBeLessThan(1.0);
    expect(Math.min(...input.prior)).toBeGreaterThanOrEqual(PRIOR_NEAR.synface - 1e-6);
    expect(() => synthRunInput(rgb, mask, 8, 8)).toThrow(/expected a 8 px/);
  });
});
