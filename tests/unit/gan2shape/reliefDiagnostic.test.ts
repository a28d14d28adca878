import { describe, expect, it } from 'vitest';
import { scoreDepth } from '../../../src/data/metrics/depthMetrics';
import { evaluationMask } from '../../../src/data/metrics/evaluationMask';
import { reliefDiagnostic } from '../../../src/gan2shape/eval/reliefDiagnostic';

/** A bump on a plane, background at the far value: a ground truth like the synth data's. */
function bump(size: number): Float32Array {
  const d = new Float32Array(size * size).fill(1.05);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const x = (c + 0.5) / size - 0.5;
      const y = (r + 0.5) / size - 0.5;
      if (x * x + y * y < 0.16) d[r * size + c] = 1.04 - 0.06 * Math.exp(-(x * x + y * y) * 12) + 0.01 * x;
    }
  return d;
}

/** The ground truth with its relief about the evaluation mask's mean multiplied by `factor`. */
function withRelief(gt: Float32Array, size: number, factor: number): Float32Array {
  const mask = evaluationMask(gt, size);
  let sum = 0;
  let n = 0;
  mask.forEach((m, i) => {
    if (m) {
      sum += gt[i];
      n++;
    }
  });
  const mean = sum / n;
  return Float32Array.from(gt, (d) => mean + factor * (d - mean));
}

describe('relief diagnostic', () => {
  it('finds that a shape recovered twice as deep is right at half its relief', () => {
    const gt = bump(24);
    const r = reliefDiagnostic(withRelief(gt, 24, 2), gt, 24);
    expect(r.scale).toBeCloseTo(0.5, 10);
    expect(r.side).toBeLessThan(1e-6);
    // The reference's normal epsilon gives even the ground truth a MAD floor against itself.
    const floor = scoreDepth(gt, gt, 24).mad;
    expect(Math.abs(r.mad - floor)).toBeLessThan(0.01);
    expect(r.sideAsRecovered).toBeGreaterThan(100 * r.side);
    expect(r.madAsRecovered).toBeGreaterThan(floor + 1);
  });

  it('keeps a right relief at 1 and finds a too-flat one', () => {
    const gt = bump(24);
    expect(reliefDiagnostic(withRelief(gt, 24, 1), gt, 24).scale).toBe(1);
    expect(reliefDiagnostic(withRelief(gt, 24, 0.5), gt, 24).scale).toBeCloseTo(2, 10);
  });

  it('cannot fix a wrong form: an inverted bump stays bad at every relief', () => {
    const gt = bump(24);
    const r = reliefDiagnostic(withRelief(gt, 24, -1), gt, 24);
    expect(r.scale).toBeLessThanOrEqual(0.1);
    expect(r.mad).toBeGreaterThan(scoreDepth(gt, gt, 24).mad + 1);
  });
});
