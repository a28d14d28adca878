import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../src/cli/args';
import {
  evalMethodMain,
  type ImageMethodFactory,
  imageResultPath,
  readImageResult,
  sampleSeeds,
} from '../../../src/cli/evalMethod';
import { evalReliefMain } from '../../../src/cli/evalRelief';
import { loadGroundTruth } from '../../../src/data/metrics/evaluateDataset';
import { readNpy } from '../../../src/data/synth/npy';
import { writeDataset } from '../../../src/data/synth/writeDataset';
import { resampleSquare } from '../../../src/gan2shape/eval/methodEval';

const tmp = mkdtempSync(join(tmpdir(), 'eval-method-'));
const data = join(tmp, 'synth');
beforeAll(async () => {
  await writeDataset({ count: 4, seed: 1_000_000, size: 32, out: data, supersample: 1, workers: 1, png: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A stand-in for the method: answers with the ground-truth depth of the image it is given (found by its mask)
 * downsampled to the method's 16 px, counting its runs. `fail` makes one image's run throw.
 */
function fakeMethod(fail?: number): ImageMethodFactory & { runs: number[]; opened: number } {
  const gt = () => loadGroundTruth(data);
  const factory = {
    modelName: 'fake-model',
    runs: [] as number[],
    opened: 0,
    async open() {
      factory.opened++;
      const truth = gt();
      return {
        adapter: 'fake adapter',
        size: 16,
        async run(_input: unknown, label: string) {
          const index = Number(label.split(' ')[1]);
          if (index === fail) throw new Error('the run failed: device lost');
          factory.runs.push(index);
          return {
            reconDepth: resampleSquare(truth.depth[index], 32, 16),
            size: 16,
            ganPsnr: 20,
            view: [0, 0, 0, 0, 0, 0],
          };
        },
        release() {},
      };
    },
  };
  return factory;
}

async function evaluate(out: string, method: ImageMethodFactory, extra: string[] = []) {
  const io = memoryIo();
  const code = await evalMethodMain(
    ['--data', data, '--count', '2', '--first', '1', '--preset', 'test', '--out', out, ...extra],
    { io, method },
  );
  const stdout = io.stdout.join('');
  const lines = stdout.trim().split('\n');
  return { code, stdout, stderr: io.stderr.join(''), last: lines[lines.length - 1] };
}

describe('eval:method with a stand-in method', () => {
  const out = join(tmp, 'out');

  it('scores each image, writes its result as soon as it is done, and ends with one JSON line', async () => {
    const method = fakeMethod();
    const r = await evaluate(out, method);
    expect(r.code, r.stderr).toBe(0);
    expect(method.runs).toEqual([1, 2]);
    const summary = JSON.parse(r.last);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'preset',
        'count',
        'first',
        'adapter',
        'side_mean',
        'side_std',
        'mad_mean',
        'mad_std',
        'minutes_per_image',
        'baselines',
      ]),
    );
    expect([summary.preset, summary.count, summary.first, summary.adapter, summary.failed]).toEqual([
      'test',
      2,
      1,
      'fake adapter',
      0,
    ]);
    // a downsampled ground truth is far better than every baseline
    expect(Object.keys(summary.baselines)).toEqual(['null_depth', 'average_gt', 'ellipsoid', 'ellipsoid_calibrated']);
    for (const b of Object.values(summary.baselines) as { side_mean: number; mad_mean: number }[]) {
      expect(summary.side_mean).toBeLessThan(b.side_mean);
      expect(b.mad_mean).toBeGreaterThan(5);
    }
    for (const index of [1, 2]) {
      const result = JSON.parse(readFileSync(imageResultPath(out, index), 'utf8'));
      expect(result).toMatchObject({
        index,
        sampleSeed: 1_000_000 + index,
        preset: 'test',
        model: 'fake-model',
        seed: 0,
      });
      expect(result).toMatchObject({ methodSize: 16, dataSize: 32, resampled: true, ganPsnr: 20 });
      expect(result.side).toBeGreaterThanOrEqual(0);
      expect(readNpy(join(out, 'images', result.depthFile)).shape).toEqual([16, 16]);
    }
    expect(existsSync(imageResultPath(out, 0))).toBe(false);
    // per-image table rows and the summary table precede the JSON line
    expect(r.stdout).toMatch(/\n\s+1\s+1000001\s+\d+\.\d{3}\s+\d+\.\d{2}/);
    expect(r.stdout).toContain("Ellipsoid prior, GAN2Shape's relief (GT mask)");
    expect(r.stdout).toContain("Ellipsoid prior, synface relief: the method's start (GT mask)");
  });

  it('skips images whose result exists and does not even open the method when all are done', async () => {
    const method = fakeMethod();
    const r = await evaluate(out, method);
    expect(r.code).toBe(0);
    expect(method.runs).toEqual([]);
    expect(method.opened).toBe(0);
    expect(r.stdout.match(/\(earlier run\)/g)).toHaveLength(2);
    expect(JSON.parse(r.last).adapter).toBe('fake adapter');
  });

  it('continues where a killed run stopped: a missing or unreadable result runs again', async () => {
    rmSync(imageResultPath(out, 2));
    writeFileSync(imageResultPath(out, 1), '{"format": "gan2shape-eval-im'); // cut off mid-write
    const method = fakeMethod();
    const r = await evaluate(out, method);
    expect(r.code).toBe(0);
    expect(method.runs).toEqual([1, 2]);
  });

  it('keeps the images done before a failure and resumes after it', async () => {
    const out2 = join(tmp, 'out2');
    const failing = fakeMethod(2);
    const r = await evaluate(out2, failing);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the run failed: device lost\n');
    expect(existsSync(imageResultPath(out2, 1))).toBe(true);
    const again = fakeMethod();
    expect((await evaluate(out2, again)).code).toBe(0);
    expect(again.runs).toEqual([2]);
  });

  it('refuses to mix results of another preset, model or seed', async () => {
    const r = await evaluate(out, fakeMethod(), ['--seed', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds an evaluation with seed 0, this run uses 5: use another --out/);
    expect(() => readImageResult(out, 1, { preset: 'cpu', model: 'fake-model', seed: 0 })).toThrow(
      /was made with preset test/,
    );
  });

  it('says clearly when the data folder or the range is wrong', async () => {
    const io = memoryIo();
    const code = await evalMethodMain(['--data', join(tmp, 'none'), '--count', '2', '--preset', 'test', '--out', out], {
      io,
      method: fakeMethod(),
    });
    expect(code).toBe(2);
    expect(io.stderr.join('')).toMatch(/^error: --data .* does not exist\n$/);
    const r = await evaluate(out, fakeMethod(), ['--count', '9']);
    expect(r.code).toBe(2);
  });

  it('reads the sample seeds from samples.jsonl', () => {
    expect(sampleSeeds(data, 4)).toEqual([1_000_000, 1_000_001, 1_000_002, 1_000_003]);
  });
});

describe('eval:relief on the results of eval:method', () => {
  it('finds the relief of a depth that is the ground truth (about 1), and the prior needs a flatter one', async () => {
    const out = join(tmp, 'relief');
    expect((await evaluate(out, fakeMethod())).code).toBe(0);
    const io = memoryIo();
    const code = await evalReliefMain(['--data', data, '--pred', out], io);
    const stdout = io.stdout.join('');
    expect(code, io.stderr.join('')).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => /^\s+[12]\s/.test(l))).toHaveLength(2);
    const s = JSON.parse(lines.at(-1)!);
    expect(s.count).toBe(2);
    expect(s.relief_scale_mean).toBeGreaterThan(0.75);
    expect(s.relief_scale_mean).toBeLessThan(1.25);
    expect(s.side_at_best_relief).toBeLessThanOrEqual(s.side_as_recovered);
    // the ellipsoid is much deeper than the synthetic faces
    expect(s.prior_relief_scale_mean).toBeLessThan(0.75);
  });

  it('says what to run first when the folder holds no results', async () => {
    const io = memoryIo();
    expect(await evalReliefMain(['--data', data, '--pred', join(tmp, 'nothing')], io)).not.toBe(0);
    expect(io.stderr.join('')).toContain('run eval:method');
  });
});
