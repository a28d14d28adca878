// The page's live SIDE / MAD against a bundled sample's ground truth is eval:method's score: a snapshot with its
// depth in the input view scores as scoreReconDepth does; one with only the canonical depth (the prior) as the
// baseline rows do (scoreDepth, no validity mask); the maps it draws are on the same evaluation mask.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreDepth } from '../../../src/data/metrics/depthMetrics';
import { evaluationMask } from '../../../src/data/metrics/evaluationMask';
import { decodeDepth16Png, decodeMaskPng } from '../../../src/data/synth/groundTruthPng';
import { resampleSquare, scoreReconDepth } from '../../../src/gan2shape/eval/methodEval';
import { compareWithGroundTruth } from '../../../src/gan2shape/eval/snapshotScore';
import { prepareMaskedRunInput } from '../../../src/gan2shape/runner/input';

const SAMPLE = 'public/samples/synface/synface_1000002';
const truth = decodeDepth16Png(readFileSync(`${SAMPLE}_depth16.png`));

/** A 32 px depth in the input view like the method's: the GT shrunk, tilted a little, background past 1.2. */
function reconDepth32(): Float32Array {
  const small = resampleSquare(truth.depth, 64, 32);
  return Float32Array.from(small, (d, i) => (d >= 1.1 - 1e-4 ? 1.25 : d * (1 + 0.002 * ((i % 32) / 32))));
}

describe('a snapshot against ground truth', () => {
  it("scores the depth in the input view exactly as eval:method's scoreReconDepth", () => {
    const recon = reconDepth32();
    const got = compareWithGroundTruth(
      { size: 32, depth: new Float32Array(32 * 32).fill(1), reconDepth: recon },
      truth,
    );
    if (!got.ok) throw new Error(got.reason);
    const want = scoreReconDepth(recon, 32, truth.depth, truth.size);
    expect(got.scored).toBe('input-view');
    expect(got.side).toBe(want.side);
    expect(got.mad).toBe(want.mad);
    expect(got.pixels).toBe(want.pixels);
    expect(got.side).toBeGreaterThan(0);
    expect(got.side).toBeLessThan(0.05);
    // the maps are at the GT's size, on the mask the scores used (the validity [reconDepth < 1.2] included)
    expect(got.size).toBe(64);
    expect(Array.from(got.pred)).toEqual(Array.from(resampleSquare(recon, 32, 64)));
    const validity = Uint8Array.from(got.pred, (d) => (d < 1.2 ? 1 : 0));
    expect(Array.from(got.mask)).toEqual(Array.from(evaluationMask(truth.depth, 64, validity)));
    expect(got.mask.reduce((a, b) => a + b, 0)).toBe(got.pixels);
    expect(got.difference.pixels).toBe(got.pixels);
    expect(got.range.lo).toBeLessThan(got.range.hi);
  });

  it('reads about nothing for the ground truth itself (only the MAD floor of the reference epsilon)', () => {
    const got = compareWithGroundTruth({ size: 64, depth: truth.depth, reconDepth: truth.depth }, truth);
    if (!got.ok) throw new Error(got.reason);
    expect(got.side).toBeLessThan(1e-6);
    expect(got.mad).toBeLessThan(7); // ~6.5 deg floor at 64 px (normalsFromDepth.ts)
    expect(got.difference.maxAbs).toBeLessThan(1e-6);
  });

  it('scores a snapshot with only the canonical depth (the prior from the sample mask) as the baselines do', () => {
    const mask = decodeMaskPng(readFileSync(`${SAMPLE}_mask.png`));
    const input = prepareMaskedRunInput(mask, { x: 0, y: 0, size: 64 }, mask, 32);
    const got = compareWithGroundTruth({ size: 32, depth: input.prior }, truth);
    if (!got.ok) throw new Error(got.reason);
    const want = scoreDepth(resampleSquare(input.prior, 32, 64), truth.depth, 64);
    expect(got.scored).toBe('canonical');
    expect(got.side).toBe(want.side);
    expect(got.mad).toBe(want.mad);
    expect(Array.from(got.mask)).toEqual(Array.from(evaluationMask(truth.depth, 64)));
  });

  it('says why a snapshot cannot be scored instead of throwing', () => {
    const bad = new Float32Array(64 * 64).fill(1);
    bad[100] = -1;
    const got = compareWithGroundTruth({ size: 64, depth: bad }, truth);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toMatch(/positive and finite/);
    const empty = compareWithGroundTruth(
      { size: 4, depth: new Float32Array(16).fill(1) },
      { size: 4, depth: new Float32Array(16).fill(1.1) },
    );
    expect(empty).toEqual({ ok: false, reason: 'SIDE: empty evaluation mask' });
  });
});
