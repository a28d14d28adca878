import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluationMask, normalsFromDepth } from '../../../src/data/metrics';
import { loadFaceModelNode } from '../../../src/data/synth/loadFaceModelNode';
import { readNpy } from '../../../src/data/synth/npy';
import { BACKGROUND_DEPTH, renderSample } from '../../../src/data/synth/renderSample';
import { drawSampleParams } from '../../../src/data/synth/sampleParams';
import { writeDataset } from '../../../src/data/synth/writeDataset';

const model = loadFaceModelNode();
const limits = {
  shapeModeCount: model.shapeModes.length,
  textureCount: model.textures.length,
  meanPositions: model.mean,
};
const render = (seed: number, size = 64) =>
  renderSample(model, drawSampleParams(seed, limits), { size, supersample: 3 });
const tmp = mkdtempSync(join(tmpdir(), 'synth-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderSample', () => {
  it('is deterministic: the same seed gives the same bytes, another seed differs', () => {
    const a = render(11);
    const b = render(11);
    expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(true);
    expect(Buffer.from(a.depth.buffer).equals(Buffer.from(b.depth.buffer))).toBe(true);
    expect(Buffer.from(a.normals.buffer).equals(Buffer.from(b.normals.buffer))).toBe(true);
    expect(Buffer.from(render(12).image).equals(Buffer.from(a.image))).toBe(false);
  });

  it('frames a face in the method depth range, with the far value off the mask', () => {
    for (const seed of [0, 1, 2]) {
      const r = render(seed);
      let face = 0;
      for (let i = 0; i < r.depth.length; i++) {
        if (r.mask[i]) {
          face++;
          expect(r.depth[i]).toBeGreaterThan(0.9);
          expect(r.depth[i]).toBeLessThan(1.1);
        } else expect(r.depth[i]).toBeCloseTo(BACKGROUND_DEPTH, 6);
      }
      expect(face / r.depth.length).toBeGreaterThan(0.3);
      expect(face / r.depth.length).toBeLessThan(0.75);
    }
  });

  it('writes unit normals that agree with the normals derived from its depth (mean < 8 degrees)', () => {
    for (const seed of [3, 4]) {
      const r = render(seed);
      const fromDepth = normalsFromDepth(r.depth, 64, 0);
      const mask = evaluationMask(r.depth, 64);
      let sum = 0;
      let n = 0;
      for (let p = 0; p < 64 * 64; p++) {
        const len = Math.hypot(r.normals[3 * p], r.normals[3 * p + 1], r.normals[3 * p + 2]);
        expect(len).toBeCloseTo(1, 5);
        if (!mask[p]) continue;
        const dot =
          fromDepth[3 * p] * r.normals[3 * p] +
          fromDepth[3 * p + 1] * r.normals[3 * p + 1] +
          fromDepth[3 * p + 2] * r.normals[3 * p + 2];
        sum += (Math.acos(Math.min(1, dot)) * 180) / Math.PI;
        n++;
      }
      expect(n).toBeGreaterThan(500);
      expect(sum / n).toBeLessThan(8);
    }
  });

  it('rejects an even supersampling factor', () => {
    expect(() => renderSample(model, drawSampleParams(0, limits), { size: 64, supersample: 2 })).toThrow(/odd/);
  });
});

describe('writeDataset', () => {
  it('writes the synface-v1 folder; worker and single-thread runs are byte-identical; sample i = seed S0 + i', async () => {
    const one = join(tmp, 'one');
    const two = join(tmp, 'two');
    await writeDataset({
      count: 5,
      seed: 1_000_000,
      size: 32,
      out: one,
      supersample: 3,
      workers: 1,
      png: false,
      chunkSize: 2,
    });
    await writeDataset({
      count: 5,
      seed: 1_000_000,
      size: 32,
      out: two,
      supersample: 3,
      workers: 2,
      png: false,
      chunkSize: 2,
    });
    for (const f of ['images.npy', 'depth.npy', 'mask.npy', 'normals.npy', 'samples.jsonl', 'meta.json']) {
      expect(readFileSync(join(one, f)).equals(readFileSync(join(two, f))), f).toBe(true);
    }
    const meta = JSON.parse(readFileSync(join(one, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({
      format: 'synface-v1',
      count: 5,
      size: 32,
      seed: 1_000_000,
      splitSeedRange: [1_000_000, 1_000_004],
      split: 'test',
    });
    const images = readNpy(join(one, 'images.npy'));
    expect(images.shape).toEqual([5, 32, 32, 3]);
    expect(readNpy(join(one, 'normals.npy')).shape).toEqual([5, 32, 32, 3]);
    const lines = readFileSync(join(one, 'samples.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seed)).toEqual([1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004]);
    const alone = renderSample(model, drawSampleParams(1_000_003, limits), { size: 32, supersample: 3 });
    expect(Buffer.from(images.data.subarray(3 * 32 * 32 * 3, 4 * 32 * 32 * 3)).equals(Buffer.from(alone.image))).toBe(
      true,
    );
  });

  it('rejects bad options with clear messages', async () => {
    const base = { count: 1, seed: 0, size: 64, out: join(tmp, 'bad'), supersample: 3, workers: 1, png: false };
    await expect(writeDataset({ ...base, count: 0 })).rejects.toThrow(/--count/);
    await expect(writeDataset({ ...base, supersample: 4 })).rejects.toThrow(/--supersample/);
    await expect(writeDataset({ ...base, seed: -3 })).rejects.toThrow(/--seed/);
  });
});
