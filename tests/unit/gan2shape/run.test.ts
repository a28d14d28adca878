import { describe, expect, it } from 'vitest';
import { type PhaseRunner, Run } from '../../../src/gan2shape/runner/run';
import type { Phase, RunEvent, Snapshot } from '../../../src/gan2shape/runner/types';

function fakeRunner(log: string[], opts: { failAt?: number; gate?: Promise<void> } = {}): PhaseRunner {
  let count = 0;
  return {
    begin: (p) => void log.push(`begin ${p.stage}/${p.step}`),
    async iterate(p, i) {
      if (opts.gate && count === 2) await opts.gate;
      count++;
      if (opts.failAt === count) throw new Error('device lost');
      log.push(`it ${p.step} ${i}`);
      return { total: 1 / count };
    },
    end: (p) => void log.push(`end ${p.step}`),
    async snapshot(p, iteration): Promise<Snapshot> {
      return { stage: p.stage, step: p.step, iteration, size: 2, depth: new Float32Array(4).fill(iteration) };
    },
  };
}

const phases: Phase[] = [
  { stage: 0, step: 'prior', iterations: 3 },
  { stage: 1, step: 'step1', iterations: 4 },
];

function collect(run: Run) {
  const events: RunEvent[] = [];
  run.subscribe((e) => events.push(e));
  return events;
}

describe('Run', () => {
  it('runs every phase in order and snapshots at the cadence and at phase ends', async () => {
    const log: string[] = [];
    let t = 0;
    const run = new Run(phases, fakeRunner(log), { snapshotEvery: 2, now: () => (t += 1) });
    const events = collect(run);
    expect(await run.finished).toBe('done');
    expect(log[0]).toBe('begin 0/prior');
    expect(log.filter((l) => l.startsWith('it')).length).toBe(7);
    const snaps = events
      .filter((e) => e.type === 'snapshot')
      .map((e) => (e.type === 'snapshot' ? `${e.snapshot.step}@${e.snapshot.iteration}` : ''));
    expect(snaps).toEqual(['prior@2', 'prior@3', 'step1@2', 'step1@4']);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress.losses.total).toBeCloseTo(1 / 7);
    expect(last?.type === 'progress' && last.progress.lossesFresh).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'state', state: 'done', error: undefined });
  });

  it('estimates the remaining time once every step kind was measured', async () => {
    let t = 0;
    const run = new Run(phases, fakeRunner([]), { snapshotEvery: 100, now: () => (t += 1) });
    const events = collect(run);
    await run.finished;
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress[0].etaSeconds).toBeNull(); // step1 not measured yet
    const lastStep1 = progress.at(-1)!;
    expect(lastStep1.etaSeconds).toBe(0);
    const firstStep1 = progress.find((p) => p.step === 'step1')!;
    expect(firstStep1.etaSeconds).toBeGreaterThan(0);
  });

  it('estimates unmeasured phases from their stated relative cost', async () => {
    let t = 0;
    // The clock advances 1 s per call, about 2 calls per iteration; the prior costs 1 unit, step 1 costs 3.
    const costed: Phase[] = [
      { ...phases[0], cost: 1 },
      { ...phases[1], cost: 3 },
    ];
    const run = new Run(costed, fakeRunner([]), { snapshotEvery: 100, now: () => (t += 1) });
    const events = collect(run);
    await run.finished;
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    const first = progress[0];
    expect(first.step).toBe('prior');
    // Step 1 has not run, yet its 4 iterations of 3 cost units each are estimated at 3x the prior's rate:
    // after the prior's last iteration (nothing of it left) the ETA is 12 prior iterations' worth.
    const endOfPrior = progress.filter((p) => p.step === 'prior').at(-1)!;
    const lastPriorRate = (endOfPrior.etaSeconds as number) / 12;
    expect(lastPriorRate).toBeGreaterThan(0);
    expect(first.etaSeconds).not.toBeNull();
  });

  it('pauses between iterations and resumes', async () => {
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const run = new Run(phases, fakeRunner(log, { gate }), { snapshotEvery: 100 });
    run.pause();
    expect(run.state).toBe('paused');
    await new Promise((ok) => setTimeout(ok, 10));
    expect(log.filter((l) => l.startsWith('it')).length).toBe(0);
    run.resume();
    release();
    expect(await run.finished).toBe('done');
  });

  it('cancels and reports the state', async () => {
    const log: string[] = [];
    const run = new Run(phases, fakeRunner(log), { snapshotEvery: 100 });
    run.cancel();
    expect(await run.finished).toBe('cancelled');
    expect(log.filter((l) => l.startsWith('it')).length).toBe(0);
  });

  it('turns an exception into a failed state with the message, keeping earlier snapshots', async () => {
    const run = new Run(phases, fakeRunner([], { failAt: 5 }), { snapshotEvery: 1 });
    const events = collect(run);
    expect(await run.finished).toBe('failed');
    expect(events.at(-1)).toEqual({ type: 'state', state: 'failed', error: 'device lost' });
    expect(events.filter((e) => e.type === 'snapshot').length).toBe(4);
  });
});
