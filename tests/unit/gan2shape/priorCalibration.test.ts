import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../src/cli/args';
import { calibratePriorMain } from '../../../src/cli/calibratePrior';
import { type GroundTruthSet, scoreRow } from '../../../src/data/metrics/evaluateDataset';
import { writeDataset } from '../../../src/data/synth/writeDataset';
import { calibratePrior, NEAR_GRID } from '../../../src/gan2shape/eval/priorCalibration';
import { ellipsoidPrior, PRIOR_NEAR } from '../../../src/gan2shape/prior/ellipsoid';

/** A set whose ground truth is itself an ellipsoid with apex `near`: the calibration must find that apex. */
function ellipsoidWorld(near: number, size = 24): GroundTruthSet {
  const masks = [
    [12, 12, 7, 9],
    [11, 13, 6, 8],
  ].map(([cx, cy, rx, ry]) =>
    Uint8Array.from({ length: size * size }, (_, i) =>
      ((i % size) - cx) ** 2 / rx ** 2 + (Math.floor(i / size) - cy) ** 2 / ry ** 2 <= 1 ? 255 : 0,
    ),
  );
  return {
    size,
    mask: masks,
    depth: masks.map((m) =>
      ellipsoidPrior(
        Float32Array.from(m, (v) => v / 255),
        size,
        { category: 'synface', near },
      ),
    ),
  };
}

describe('prior calibration', () => {
  it('finds the apex depth of a world made of ellipsoids, with zero error there', () => {
    const world = ellipsoidWorld(0.97);
    const { rows, best } = calibratePrior(world, 'synface');
    expect(rows.map((r) => r.near)).toEqual(NEAR_GRID);
    expect(best.near).toBe(0.97);
    expect(best.side).toBeLessThan(1e-6);
    // MAD's floor: the ground truth scored against itself (the metric's reference epsilon keeps it above 0)
    expect(best.mad).toBeCloseTo(scoreRow('floor', world, (i) => world.depth[i]).mad.mean, 6);
    // a deeper or flatter bump scores worse in both metrics
    for (const r of rows.filter((r) => Math.abs(r.near - 0.97) > 0.02)) {
      expect(r.side).toBeGreaterThan(best.side);
      expect(r.mad).toBeGreaterThan(best.mad);
    }
  });

  it('follows the world: a deeper world gets a deeper prior', () => {
    expect(calibratePrior(ellipsoidWorld(0.93), 'synface').best.near).toBe(0.93);
  });

  it('rejects an empty grid', () => {
    expect(() => calibratePrior(ellipsoidWorld(0.97), 'synface', [])).toThrow(/empty grid/);
  });

  it('the synface apex is the calibrated one; the other categories keep GAN2Shape', () => {
    expect(PRIOR_NEAR.synface).toBe(0.99);
    expect(PRIOR_NEAR.face).toBe(0.91);
    expect(NEAR_GRID).toContain(PRIOR_NEAR.synface);
  });
});

describe('npm run calibrate:prior', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'calibrate-prior-'));
  const train = join(tmp, 'train');
  const test = join(tmp, 'test');
  beforeAll(async () => {
    await writeDataset({ count: 6, seed: 0, size: 32, out: train, supersample: 1, workers: 1, png: false });
    await writeDataset({ count: 2, seed: 1_000_000, size: 32, out: test, supersample: 1, workers: 1, png: false });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints the sweep and a JSON line whose best apex has the lowest MAD of the sweep', async () => {
    const io = memoryIo();
    expect(await calibratePriorMain(['--data', train], io), io.stderr.join('')).toBe(0);
    const lines = io.stdout.join('').trim().split('\n');
    const s = JSON.parse(lines.at(-1)!);
    expect(s.images).toBe(6);
    expect(s.current_near).toBe(PRIOR_NEAR.synface);
    expect(lines.filter((l) => l.includes('<- lowest MAD'))).toHaveLength(1);
    const mads = lines.slice(1, -1).map((l) => Number(l.trim().split(/\s+/)[3]));
    expect(mads).toHaveLength(NEAR_GRID.length);
    expect(s.mad).toBeCloseTo(Math.min(...mads), 2);
    // these faces are much flatter than GAN2Shape's 0.11 bump
    expect(s.best_near).toBeGreaterThan(0.95);
  });

  it('refuses a test split, naming the reason', async () => {
    const io = memoryIo();
    expect(await calibratePriorMain(['--data', test], io)).not.toBe(0);
    expect(io.stderr.join('')).toMatch(/'test' split.*training split/);
  });

  it('rejects an unknown category and a folder that is not a synth folder', async () => {
    const io = memoryIo();
    expect(await calibratePriorMain(['--data', train, '--category', 'dog'], io)).not.toBe(0);
    expect(io.stderr.join('')).toContain('--category must be one of');
    const io2 = memoryIo();
    expect(await calibratePriorMain(['--data', join(tmp, 'nope')], io2)).not.toBe(0);
    expect(io2.stderr.join('')).toContain('meta.json does not exist');
  });
});
