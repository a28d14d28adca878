import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGroundTruth, markdownTable } from '../../../src/data/metrics/evaluateDataset';
import { writeDataset } from '../../../src/data/synth/writeDataset';
import { baselineRows } from '../../../src/gan2shape/eval/baselines';

const tmp = mkdtempSync(join(tmpdir(), 'eval-test-'));
const dir = join(tmp, 'test');
beforeAll(async () => {
  await writeDataset({ count: 4, seed: 1_000_000, size: 32, out: dir, supersample: 3, workers: 1, png: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('evaluateDataset', () => {
  it('loads the synface-v1 ground truth and scores the baseline rows', () => {
    const gt = loadGroundTruth(dir);
    expect(gt.size).toBe(32);
    expect(gt.depth.length).toBe(4);
    const rows = baselineRows(gt);
    expect(rows.map((r) => r.name)).toHaveLength(5);
    const [self, constant, average, ellipsoid, calibrated] = rows;
    expect(self.side.mean).toBe(0);
    expect(self.madUnit.mean).toBeCloseTo(0, 6);
    // the reference epsilon leaves a positive floor even for the ground truth itself
    expect(self.mad.mean).toBeGreaterThan(1);
    for (const r of [constant, average, ellipsoid]) {
      expect(r.side.mean).toBeGreaterThan(0.003);
      expect(r.mad.mean).toBeGreaterThan(10);
      expect(r.images).toBe(4);
    }
    const table = markdownTable(rows);
    // the calibrated (flatter) ellipsoid fits these flat synthetic faces better than GAN2Shape's bump
    expect(calibrated.side.mean).toBeLessThan(ellipsoid.side.mean);
    expect(calibrated.mad.mean).toBeLessThan(ellipsoid.mad.mean);
    expect(table.split('\n')).toHaveLength(7);
    expect(table).toContain('| Constant null depth |');
  });

  it('reports a missing dataset clearly', () => {
    expect(() => loadGroundTruth(join(tmp, 'nope'))).toThrow(/depth\.npy/);
  });
});
