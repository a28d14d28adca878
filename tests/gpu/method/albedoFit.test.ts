import { afterAll, describe, expect, it } from 'vitest';
import { centerCrop } from '../../../src/data/image/crop';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { MethodGan } from '../../../src/gan2shape/gan/methodGan';
import { BORDER_COLUMNS } from '../../../src/gan2shape/method/depth';
import { MethodRunner } from '../../../src/gan2shape/method/methodRunner';
import { PRESETS, resolvePreset } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import { Run } from '../../../src/gan2shape/runner/run';
import type { Phase, Snapshot } from '../../../src/gan2shape/runner/types';
import { goldenBundle } from '../../unit/gan/engine-d/goldenBundle';
import { getTestBackend } from '../engine/parity';

const S = 16;
const PHASES: Phase[] = [
  { stage: 0, step: 'prior', iterations: 5 },
  { stage: 1, step: 'step1', iterations: 10 },
];

/** A face-like test image: warm ellipse on a dark background with a horizontal gradient. */
function testImage(size: number) {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = ((x - size / 2) / (size * 0.35)) ** 2 + ((y - size / 2) / (size * 0.45)) ** 2 < 1;
      data.set(inside ? [200 - x, 140, 110, 255] : [40, 50 + x, 60, 255], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

interface Outcome {
  losses: { step: string; values: Record<string, number> }[];
  snapshots: Snapshot[];
  state: string;
  error?: string;
}

async function runOn(backend: Backend): Promise<Outcome> {
  const bundle = await goldenBundle();
  const gan = new MethodGan(backend, bundle);
  const input = prepareRunInput(testImage(40), centerCrop(40, 40), { cx: 0.5, cy: 0.5, rx: 0.35, ry: 0.42 }, S);
  const preset = {
    ...resolvePreset({ ...PRESETS.test, imageSize: S, flip1: [false] }, gan.size),
    netWidth: 4,
    albedoWidth: 4,
    encoderWidth: 4,
  };
  const runner = new MethodRunner(backend, input, preset, { gan });
  cleanups.push(() => {
    runner.release();
    gan.release();
  });
  const outcome: Outcome = { losses: [], snapshots: [], state: '' };
  const run = new Run(PHASES, runner, { snapshotEvery: 5 });
  run.subscribe((e) => {
    if (e.type === 'progress' && e.progress.lossesFresh)
      outcome.losses.push({ step: e.progress.step, values: e.progress.losses });
    if (e.type === 'snapshot') outcome.snapshots.push(e.snapshot);
    if (e.type === 'state' && e.error) outcome.error = e.error;
  });
  outcome.state = await run.finished;
  return outcome;
}

describe('step 1 (albedo fit) with the discriminator perceptual loss', () => {
  let gpu: Outcome;
  let cpu: Outcome;

  it('runs after the prior fit on WebGPU: every term is read back and the loss falls', async () => {
    gpu = await runOn(await getTestBackend());
    expect(gpu.error).toBeUndefined();
    expect(gpu.state).toBe('done');
    const step1 = gpu.losses.filter((l) => l.step === 'step1').map((l) => l.values);
    expect(step1.length).toBe(2);
    for (const terms of step1) {
      expect(Object.keys(terms).sort()).toEqual(['l1', 'perceptual', 'smoothness', 'total']);
      expect(terms.total).toBeCloseTo(terms.l1 + 0.5 * terms.perceptual + 0.01 * terms.smoothness, 6);
      expect(terms.perceptual).toBeGreaterThan(0);
    }
    expect(step1[1].total).toBeLessThan(step1[0].total);
    expect(step1[1].l1).toBeLessThan(step1[0].l1);
  });

  it('snapshots carry albedo, shading, normals and the reconstruction; the frozen depth does not move', () => {
    const prior = gpu.snapshots.filter((s) => s.step === 'prior').at(-1)!;
    const step1 = gpu.snapshots.filter((s) => s.step === 'step1');
    expect(step1.map((s) => s.iteration)).toEqual([5, 10]);
    const last = step1[1];
    expect(last.albedo?.length).toBe(3 * S * S);
    expect(last.reconstruction?.length).toBe(3 * S * S);
    expect(last.shading?.length).toBe(S * S);
    expect(last.normals?.length).toBe(3 * S * S);
    expect(last.view).toEqual([0, 0, 0, 0, 0, 0]);
    expect(last.light).toEqual([0.5, 0.5, 0, 0]);
    // Frontal light: shading = 0.5 + 0.5 max(0, n.z) lies in [0.5, 1].
    expect(Math.min(...last.shading!)).toBeGreaterThanOrEqual(0.5 - 1e-6);
    expect(Math.max(...last.shading!)).toBeLessThanOrEqual(1 + 1e-6);
    // The depth net is frozen: step 1's depth (read from the net at each snapshot) is the prior fit's, with the
    // border columns set to the border depth.
    for (let r = 0; r < S; r++)
      for (let c = BORDER_COLUMNS; c < S - BORDER_COLUMNS; c++)
        expect(last.depth[r * S + c]).toBeCloseTo(prior.depth[r * S + c], 5);
    for (let i = 0; i < S * S; i++) expect(last.depth[i]).toBe(step1[0].depth[i]);
  });

  it('the float64 reference engine gives the same losses', async () => {
    cpu = await runOn(new CpuBackend());
    expect(cpu.losses.length).toBe(gpu.losses.length);
    for (let i = 0; i < cpu.losses.length; i++) {
      for (const [name, value] of Object.entries(cpu.losses[i].values)) {
        const got = gpu.losses[i].values[name];
        expect(Math.abs(got - value), `${cpu.losses[i].step} ${name}`).toBeLessThan(1e-3 * Math.abs(value) + 1e-5);
      }
    }
  });
});
