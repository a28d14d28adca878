// End to end: `npm run reconstruct`'s main, in-process on the gpu tests' Dawn device, with the test preset and
// the tiny 64 px fixture bundle on a JPEG photo: every phase runs and every output file exists and parses.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../src/cli/args';
import { reconstructMain } from '../../../src/cli/reconstruct';
import { readNpy } from '../../../src/data/synth/npy';
import { readGlbJson } from '../../../src/gan2shape/export/glb';
import { PRESETS } from '../../../src/gan2shape/presets/presets';
import { getTestDevice } from '../harness';

const MODEL = 'tests/fixtures/stylegan2/bundle';
const IMAGE = 'tests/fixtures/photos/astronaut.jpg';
const S = PRESETS.test.imageSize!; // 32

const tmp = mkdtempSync(join(tmpdir(), 'cli-reconstruct-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run reconstruct (test preset, fixture bundle, Dawn)', () => {
  it('runs every phase and writes every result file', async () => {
    const out = join(tmp, 'out');
    const io = memoryIo(false);
    const t0 = performance.now();
    const code = await reconstructMain(
      ['--image', IMAGE, '--preset', 'test', '--model', MODEL, '--out', out, '--crop', '96,40,320', '--seed', '1'],
      { io, engine: await getTestDevice() },
    );
    const seconds = (performance.now() - t0) / 1000;
    const stdout = io.stdout.join('');
    console.log(`reconstruct (test preset) took ${seconds.toFixed(1)} s`);
    expect(io.stderr.join(''), stdout).toBe('');
    expect(code).toBe(0);
    // progress lines: plain (not a TTY), one per phase end at least
    expect(stdout).not.toContain('\r');
    for (const label of ['GAN inversion', 'Ellipsoid prior', 'Step 1: albedo', 'Step 2: projection', 'Step 3: joint'])
      expect(stdout).toContain(label);
    expect(stdout).toMatch(/\[6\/6\] stage 1 Step 3: joint 2\/2 \| total \S+ .*elapsed, ETA/);

    const depthPng = decode(readFileSync(join(out, 'depth.png')));
    expect([depthPng.width, depthPng.height, depthPng.channels, depthPng.depth]).toEqual([S, S, 1, 16]);
    for (const name of ['depth.npy', 'recon_depth.npy']) {
      const a = readNpy(join(out, name));
      expect([a.dtype, a.shape], name).toEqual(['float32', [S, S]]);
      expect(
        (a.data as Float32Array).every((d) => d > 0.5 && d < 1.5),
        name,
      ).toBe(true);
    }
    for (const name of ['normals.png', 'albedo.png', 'reconstruction.png', 'mesh.png']) {
      const png = decode(readFileSync(join(out, name)));
      expect([png.width, png.height, png.channels], name).toEqual([S, S, 3]);
    }
    expect(decode(readFileSync(join(out, 'shading.png'))).channels).toBe(1);
    expect(decode(readFileSync(join(out, 'gan_image.png'))).channels).toBe(3);

    const obj = readFileSync(join(out, 'mesh.obj'), 'utf8').split('\n');
    expect(obj.filter((l) => l.startsWith('v ')).length).toBe(S * S);
    expect(obj.filter((l) => l.startsWith('f ')).length).toBe(2 * (S - 1) * (S - 1));
    expect(existsSync(join(out, 'mesh.mtl'))).toBe(true);
    const glb = new Uint8Array(readFileSync(join(out, 'mesh.glb')));
    expect(new TextDecoder().decode(glb.subarray(0, 4))).toBe('glTF');
    expect((readGlbJson(glb).accessors as { count: number }[])[0].count).toBe(S * S);

    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.view).toHaveLength(6);
    expect(result.light).toHaveLength(4);
    expect(result.step).toBe('step3');
    expect(result.size).toBe(S);
    expect(result.preset.name).toBe('test');
    expect(result.model.name).toBe('golden-tiny-64');
    expect(result.settings.crop).toEqual({ x: 96, y: 40, size: 320 });
    expect(typeof result.psnr).toBe('number');
    expect(result.depthPng.decode).toBe('d = 1.1 - 0.2 * v / 65535');
    expect(result.timings.phases.map((p: { step: string }) => p.step)).toEqual([
      'inversion',
      'prior',
      'step1',
      'step2',
      'collect',
      'step3',
    ]);
    expect(result.missing).toEqual([]);
    for (const f of result.files) expect(existsSync(join(out, f)), f).toBe(true);

    const losses = readFileSync(join(out, 'losses.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(losses.length).toBeGreaterThan(5);
    for (const l of losses) {
      expect(typeof l.phase).toBe('number');
      expect(l.iteration).toBeGreaterThan(0);
      expect(Number.isFinite(l.losses.total)).toBe(true);
    }
    expect(new Set(losses.map((l) => l.step))).toEqual(new Set(['inversion', 'prior', 'step1', 'step2', 'step3']));

    const snapshots = readdirSync(join(out, 'snapshots'));
    for (const name of ['0_prior_depth.png', '1_step1_albedo.png', '1_step3_reconstruction.png', '1_step2_pseudo.png'])
      expect(snapshots).toContain(name);
    expect(decode(readFileSync(join(out, 'snapshots', '1_step2_pseudo.png'))).height).toBe(3 * S + 2);
  });
});
