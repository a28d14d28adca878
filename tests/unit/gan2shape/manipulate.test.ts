import { describe, expect, it } from 'vitest';
import {
  betterModelAdvice,
  isOutOfDomain,
  OUT_OF_DOMAIN_PSNR_DB,
  OUT_OF_DOMAIN_PSNR_SHORT_DB,
  outOfDomainThreshold,
} from '../../../src/gan2shape/gan/inversionQuality';
import { coalesce } from '../../../src/gan2shape/manipulate/coalesce';
import { manipulationView, NEUTRAL_MANIPULATION } from '../../../src/gan2shape/manipulate/meshPath';
import { ganPathUnavailable, manipulationPaths } from '../../../src/gan2shape/manipulate/paths';
import { PRESETS } from '../../../src/gan2shape/presets/presets';
import PSNRS from '../../fixtures/gan2shape/inversionPsnr.json';

describe('manipulation view', () => {
  it('maps pitch to rx and yaw to ry in radians, no translation', () => {
    const v = manipulationView({ ...NEUTRAL_MANIPULATION, yawDeg: 90, pitchDeg: -45 });
    expect(v[0]).toBeCloseTo(-Math.PI / 4);
    expect(v[1]).toBeCloseTo(Math.PI / 2);
    expect(v.slice(2)).toEqual([0, 0, 0, 0]);
  });
  it('is neutral by default: ambient 1, diffuse 0 reproduce the texture', () => {
    expect(manipulationView(NEUTRAL_MANIPULATION)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(NEUTRAL_MANIPULATION.ambient).toBe(1);
    expect(NEUTRAL_MANIPULATION.diffuse).toBe(0);
  });
});

describe('manipulation paths', () => {
  const ready = { liveRun: true, runState: 'done' as const, hasGan: true, encoderTrained: true };

  it('offers the 3D path always and the GAN path only without a reason against it', () => {
    const without = manipulationPaths('no E');
    expect(without.map((p) => [p.path, p.available])).toEqual([
      ['mesh', true],
      ['gan', false],
    ]);
    expect(without[1].reason).toBe('no E');
    expect(manipulationPaths(null).every((p) => p.available && p.reason === undefined)).toBe(true);
  });

  it('the GAN path renders for the page’s own run once E is trained and the run is not training', () => {
    expect(ganPathUnavailable(ready)).toBeNull();
    expect(ganPathUnavailable({ ...ready, runState: 'paused' })).toBeNull();
    expect(ganPathUnavailable({ ...ready, runState: 'cancelled' })).toBeNull();
    expect(ganPathUnavailable({ ...ready, runState: 'running' })).toMatch(/paused or has ended/);
  });

  it('says why it cannot: no run, a reopened run, no GAN model, E not trained yet', () => {
    expect(ganPathUnavailable({ ...ready, liveRun: false, runState: 'idle' })).toMatch(/needs a run/);
    expect(ganPathUnavailable({ ...ready, liveRun: false })).toMatch(/reopened run/);
    expect(ganPathUnavailable({ ...ready, hasGan: false })).toMatch(/no GAN model/);
    expect(ganPathUnavailable({ ...ready, encoderTrained: false })).toMatch(/step 2/);
  });
});

describe('coalesced renders', () => {
  /** A render that waits for the test to finish it, recording the state it read when it started. */
  function controlled() {
    let state = 0;
    const seen: number[] = [];
    const finishers: (() => void)[] = [];
    const busy: boolean[] = [];
    const queue = coalesce(
      () =>
        new Promise<void>((done) => {
          seen.push(state);
          finishers.push(done);
        }),
      (b) => busy.push(b),
    );
    const finish = async () => {
      finishers.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { queue, seen, busy, finish, set: (v: number) => (state = v) };
  }

  it('runs one render at a time and then only the latest state, however many requests queued', async () => {
    const c = controlled();
    c.set(1);
    c.queue.request();
    expect(c.queue.busy).toBe(true);
    for (let v = 2; v <= 50; v++) {
      c.set(v);
      c.queue.request();
    }
    expect(c.seen).toEqual([1]);
    await c.finish();
    expect(c.seen).toEqual([1, 50]);
    await c.finish();
    expect(c.seen).toEqual([1, 50]);
    expect(c.queue.busy).toBe(false);
    expect(c.busy).toEqual([true, false]);
  });

  it('a failing render does not stop the queue', async () => {
    let calls = 0;
    const queue = coalesce(async () => {
      calls++;
      throw new Error('lost');
    });
    queue.request();
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.busy).toBe(false);
    queue.request();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
  });
});

describe('out-of-domain decision', () => {
  it('warns below the threshold, not at or above it; a NaN PSNR warns, a perfect one does not', () => {
    expect(isOutOfDomain(OUT_OF_DOMAIN_PSNR_DB - 0.01)).toBe(true);
    expect(isOutOfDomain(OUT_OF_DOMAIN_PSNR_DB)).toBe(false);
    expect(isOutOfDomain(OUT_OF_DOMAIN_PSNR_DB + 5)).toBe(false);
    expect(isOutOfDomain(Number.NaN)).toBe(true);
    expect(isOutOfDomain(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isOutOfDomain(15, 10)).toBe(false);
  });

  it('judges a short inversion (the test preset’s 3 steps) on its own, lower threshold', () => {
    expect(outOfDomainThreshold(PRESETS.test.inversionIterations)).toBe(OUT_OF_DOMAIN_PSNR_SHORT_DB);
    expect(outOfDomainThreshold(PRESETS.cpu.inversionIterations)).toBe(OUT_OF_DOMAIN_PSNR_DB);
    expect(outOfDomainThreshold(PRESETS.paper.inversionIterations)).toBe(OUT_OF_DOMAIN_PSNR_DB);
    expect(OUT_OF_DOMAIN_PSNR_SHORT_DB).toBeLessThan(OUT_OF_DOMAIN_PSNR_DB);
  });

  it('separates every measured bundled photo from every bundled synthetic face, with room on both sides', () => {
    // The measurements the thresholds were picked from (docs/METHOD.md): synface-64, 3 and 20 inversion steps.
    for (const [steps, key] of [
      [3, 'steps3'],
      [20, 'steps20'],
    ] as const) {
      const threshold = outOfDomainThreshold(steps);
      const of = (kind: string) => PSNRS.samples.filter((s) => s.kind === kind).map((s) => s[key]);
      const photos = of('photo');
      const synthetic = of('synthetic');
      expect(photos.length + synthetic.length).toBe(8);
      for (const p of photos) expect(isOutOfDomain(p, threshold), `photo ${p} dB at ${steps} steps`).toBe(true);
      for (const s of synthetic) expect(isOutOfDomain(s, threshold), `face ${s} dB at ${steps} steps`).toBe(false);
      // Not at the edge of either group: at least 0.5 dB from the nearest of each.
      expect(threshold - Math.max(...photos)).toBeGreaterThan(0.5);
      expect(Math.min(...synthetic) - threshold).toBeGreaterThan(0.5);
    }
  });

  it('names a better model: a face StyleGAN2 through the export tool for the synthetic-face model', () => {
    expect(betterModelAdvice('synface')).toMatch(/face StyleGAN2.*tools\/stylegan2\/export\.py/);
    expect(betterModelAdvice('cat')).toMatch(/tools\/stylegan2\/export\.py/);
  });
});
