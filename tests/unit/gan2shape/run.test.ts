import { describe, expect, it } from 'vitest';
import { NonFiniteValue } from '../../../src/gan2shape/runner/finite';
import { type PhaseRunner, Run } from '../../../src/gan2shape/runner/run';
import type { LossReading, Phase, RunEvent, Snapshot } from '../../../src/gan2shape/runner/types';

interface FakeOptions {
  failAt?: number;
  gate?: Promise<void>;
  /** At this (1-based, global) iteration the losses read back hold this term with this value. */
  badLoss?: { at: number; term: string; value: number };
  /** Snapshots taken after this global iteration carry a NaN in this map. */
  badMap?: { after: number; key: 'depth' | 'albedo' | 'light' };
}

function fakeRunner(log: string[], opts: FakeOptions = {}): PhaseRunner {
  let count = 0;
  return {
    begin: (p) => void log.push(`begin ${p.stage}/${p.step}`),
    async iterate(p, i): Promise<LossReading> {
      if (opts.gate && count === 2) await opts.gate;
      count++;
      if (opts.failAt === count) throw new Error('device lost');
      log.push(`it ${p.step} ${i}`);
      if (opts.badLoss?.at === count)
        return { iteration: i, losses: { total: 1, l1: 0.5, [opts.badLoss.term]: opts.badLoss.value } };
      return { iteration: i, losses: { total: 1 / count } };
    },
    end: (p) => void log.push(`end ${p.step}`),
    async snapshot(p, iteration): Promise<Snapshot> {
      const snap: Snapshot = {
        stage: p.stage,
        step: p.step,
        iteration,
        size: 2,
        depth: new Float32Array(4).fill(iteration),
        albedo: new Float32Array(12),
        light: [0.5, 0.5, 0, 0],
      };
      if (opts.badMap && count > opts.badMap.after) {
        if (opts.badMap.key === 'light') snap.light = [0.5, Number.NaN, 0, 0];
        else snap[opts.badMap.key] = new Float32Array(4).fill(Number.NaN);
      }
      return snap;
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

  it('stops at the iteration whose losses are not finite, naming the phase and the term', async () => {
    const log: string[] = [];
    const run = new Run(phases, fakeRunner(log, { badLoss: { at: 5, term: 'perceptual', value: Number.NaN } }), {
      snapshotEvery: 1,
    });
    const events = collect(run);
    expect(await run.finished).toBe('failed');
    const state = events.at(-1)!;
    expect(state.type).toBe('state');
    if (state.type !== 'state') return;
    // global iteration 5 is step 1's second iteration
    expect(state.error).toContain("Step 1: albedo of stage 1, iteration 2: the loss term 'perceptual' is NaN");
    expect(state.error).toContain('went bad after the previous reading');
    expect(state.at).toEqual({ phaseIndex: 1, stage: 1, step: 'step1', iteration: 2, term: 'perceptual' });
    // nothing after the bad iteration: no further iteration, no snapshot of it, no progress carrying the NaN
    expect(log.filter((l) => l.startsWith('it'))).toHaveLength(5);
    const snaps = events.flatMap((e) => (e.type === 'snapshot' ? [`${e.snapshot.step}@${e.snapshot.iteration}`] : []));
    expect(snaps.at(-1)).toBe('step1@1');
    for (const e of events)
      if (e.type === 'progress') expect(Object.values(e.progress.losses).every(Number.isFinite)).toBe(true);
  });

  it('treats an infinite loss like a NaN', async () => {
    const run = new Run(phases, fakeRunner([], { badLoss: { at: 2, term: 'total', value: Infinity } }), {
      snapshotEvery: 1,
    });
    const events = collect(run);
    expect(await run.finished).toBe('failed');
    const state = events.at(-1)!;
    expect(state.type === 'state' && state.error).toContain(
      "Ellipsoid prior, iteration 2: the loss term 'total' is Infinity",
    );
  });

  it('stops when a snapshot holds a non-finite prediction and never shows that snapshot', async () => {
    for (const key of ['depth', 'albedo', 'light'] as const) {
      const run = new Run(phases, fakeRunner([], { badMap: { after: 4, key } }), { snapshotEvery: 2 });
      const events = collect(run);
      expect(await run.finished).toBe('failed');
      const snaps = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
      // snapshots at prior@2, prior@3 are good; step1@2 (global iteration 5) is the first bad one
      expect(snaps.map((s) => `${s.step}@${s.iteration}`)).toEqual(['prior@2', 'prior@3']);
      const state = events.at(-1)!;
      expect(state.type === 'state' && state.error).toContain(
        `Step 1: albedo of stage 1, iteration 2: the predicted ${key} holds NaN or infinite values`,
      );
      expect(state.type === 'state' && state.at?.term).toBe(key);
    }
  });

  it('turns a NonFiniteValue thrown by a phase into a stop that says where', async () => {
    const runner = fakeRunner([]);
    const iterate = runner.iterate.bind(runner);
    runner.iterate = async (p, i) => {
      if (p.step === 'step1' && i === 3)
        throw new NonFiniteValue('weights', '7 of the weights this step trains are NaN');
      return iterate(p, i);
    };
    const run = new Run(phases, runner, { snapshotEvery: 10 });
    const events = collect(run);
    expect(await run.finished).toBe('failed');
    expect(events.at(-1)).toEqual({
      type: 'state',
      state: 'failed',
      error: 'Step 1: albedo of stage 1, iteration 4: 7 of the weights this step trains are NaN',
      at: { phaseIndex: 1, stage: 1, step: 'step1', iteration: 4, term: 'weights' },
    });
  });

  it('a reading that arrives an iteration late is placed, and stops, at the iteration it was taken', async () => {
    // The method delivers the reading taken at iteration index 2 during index 3 (its mapAsync is awaited only after
    // the next iteration is submitted): progress says which iteration the losses belong to, a bad one stops there.
    const late = (bad: boolean): PhaseRunner => ({
      ...fakeRunner([]),
      async iterate(p, i) {
        if (p.step !== 'step1' || i !== 3) return undefined;
        if (bad) throw new NonFiniteValue('weights', '3 of the weights this step trains are NaN', 2);
        return { iteration: 2, losses: { total: 0.5 } };
      },
    });
    const run = new Run(phases, late(false), { snapshotEvery: 10, progressEvery: 100 });
    const events = collect(run);
    expect(await run.finished).toBe('done');
    const fresh = events.flatMap((e) => (e.type === 'progress' && e.progress.lossesFresh ? [e.progress] : []));
    expect(fresh.map((p) => [p.step, p.iteration, p.lossesIteration, p.losses.total])).toEqual([['step1', 4, 3, 0.5]]);
    const failed = new Run(phases, late(true), { snapshotEvery: 10 });
    const failedEvents = collect(failed);
    expect(await failed.finished).toBe('failed');
    expect(failedEvents.at(-1)).toMatchObject({
      error: 'Step 1: albedo of stage 1, iteration 3: 3 of the weights this step trains are NaN',
      at: { step: 'step1', iteration: 3, term: 'weights' },
    });
  });

  it('other errors keep their message and carry no position', async () => {
    const run = new Run(phases, fakeRunner([], { failAt: 2 }), { snapshotEvery: 10 });
    const events = collect(run);
    expect(await run.finished).toBe('failed');
    const state = events.at(-1)!;
    expect(state.type === 'state' && state.error).toBe('device lost');
    expect(state.type === 'state' && state.at).toBeUndefined();
  });
});

describe('Run from a later phase, with a hook after each phase', () => {
  const three: Phase[] = [...phases, { stage: 1, step: 'step3', iterations: 2 }];

  it('starts at firstPhase, awaits afterPhase between phases and fails when it throws', async () => {
    const log: string[] = [];
    const run = new Run(three, fakeRunner(log), {
      snapshotEvery: 100,
      firstPhase: 1,
      afterPhase: async (index, phase) => {
        await Promise.resolve();
        log.push(`after ${index} ${phase.step}`);
      },
    });
    const events = collect(run);
    expect(await run.finished).toBe('done');
    expect(log.filter((l) => !l.startsWith('it '))).toEqual([
      'begin 1/step1',
      'end step1',
      'after 1 step1',
      'begin 1/step3',
      'end step3',
      'after 2 step3',
    ]);
    const firstProgress = events.find((e) => e.type === 'progress');
    expect(firstProgress?.type === 'progress' && firstProgress.progress.phaseIndex).toBe(1);

    const failing = new Run(three, fakeRunner([]), {
      snapshotEvery: 100,
      afterPhase: (index) => {
        if (index === 1) throw new Error('storage gone');
      },
    });
    const failEvents = collect(failing);
    expect(await failing.finished).toBe('failed');
    expect(failEvents.at(-1)).toMatchObject({ type: 'state', state: 'failed', error: 'storage gone' });
  });

  it('refuses a first phase outside the schedule', () => {
    for (const firstPhase of [-1, 3, 1.5])
      expect(() => new Run(three, fakeRunner([]), { snapshotEvery: 1, firstPhase })).toThrow(/cannot start at phase/);
  });
});
