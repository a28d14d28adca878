// `npm run eval:method`'s main on Dawn: 2 images of a tiny synth test folder (32 px, the test preset's size)
// with the tiny fixture bundle; the second invocation finds both results and runs nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../src/cli/args';
import { evalMethodMain } from '../../../src/cli/evalMethod';
import { readNpy } from '../../../src/data/synth/npy';
import { writeDataset } from '../../../src/data/synth/writeDataset';
import { getTestDevice } from '../harness';

const tmp = mkdtempSync(join(tmpdir(), 'cli-eval-method-'));
const data = join(tmp, 'synth');
const out = join(tmp, 'out');
beforeAll(async () => {
  await writeDataset({ count: 2, seed: 1_000_000, size: 32, out: data, supersample: 1, workers: 1, png: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const argv = ['--data', data, '--count', '2', '--preset', 'test', '--out', out];
argv.push('--model', 'tests/fixtures/stylegan2/bundle');

async function evaluate() {
  const io = memoryIo(false);
  const t0 = performance.now();
  const code = await evalMethodMain(argv, { io, engine: await getTestDevice() });
  const stdout = io.stdout.join('');
  const lines = stdout.trim().split('\n');
  return {
    code,
    stdout,
    stderr: io.stderr.join(''),
    json: JSON.parse(lines[lines.length - 1]),
    seconds: (performance.now() - t0) / 1000,
  };
}

describe('npm run eval:method (test preset, fixture bundle, Dawn)', () => {
  it('scores 2 images beside the baselines, then skips both on a second invocation', async () => {
    const first = await evaluate();
    console.log(`eval:method on 2 images (test preset) took ${first.seconds.toFixed(1)} s`);
    expect(first.stderr, first.stdout).toBe('');
    expect(first.code).toBe(0);
    const s = first.json;
    expect([s.preset, s.count, s.first, s.failed]).toEqual(['test', 2, 0, 0]);
    expect(s.adapter.length).toBeGreaterThan(3);
    for (const key of ['side_mean', 'side_std', 'mad_mean', 'mad_std', 'minutes_per_image'])
      expect(Number.isFinite(s[key]), key).toBe(true);
    expect(s.side_mean).toBeGreaterThan(0);
    expect(s.mad_mean).toBeGreaterThan(1);
    expect(Object.keys(s.baselines)).toEqual(['null_depth', 'average_gt', 'ellipsoid', 'ellipsoid_calibrated']);
    expect(Number.isFinite(s.baselines.ellipsoid.mad_mean)).toBe(true);
    for (const index of [0, 1]) {
      const r = JSON.parse(readFileSync(join(out, 'images', `${index}.json`), 'utf8'));
      expect(r).toMatchObject({ index, sampleSeed: 1_000_000 + index, preset: 'test', model: 'golden-tiny-64' });
      expect(r).toMatchObject({ methodSize: 32, dataSize: 32, resampled: false });
      expect(r.pixels).toBeGreaterThan(50);
      expect(readNpy(join(out, 'images', r.depthFile)).shape).toEqual([32, 32]);
    }
    expect(existsSync(join(out, 'evaluation.json'))).toBe(true);

    const second = await evaluate();
    expect(second.code).toBe(0);
    expect(second.stdout.match(/\(earlier run\)/g)).toHaveLength(2);
    expect(second.stdout).not.toMatch(/^image \d/m); // no progress: nothing ran
    expect(second.json.side_mean).toBe(s.side_mean);
    expect(second.seconds).toBeLessThan(first.seconds / 4);
  });
});
