import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Recorder, useArchive } from '../../../src/app/archiveStore';
import { GAN_PATH_STATE_VERSION, type StoredGanPath } from '../../../src/gan2shape/manipulate/ganPathState';
import { CHECKPOINT_VERSION, type MethodCheckpoint } from '../../../src/gan2shape/method/checkpoint';
import type { RunInput } from '../../../src/gan2shape/runner/input';
import { type PhaseRunner, Run } from '../../../src/gan2shape/runner/run';
import type { Phase, Snapshot } from '../../../src/gan2shape/runner/types';

const S = 2;
const INPUT: RunInput = {
  size: S,
  image: new Float32Array(3 * S * S),
  mask: new Float32Array(S * S).fill(1),
  prior: new Float32Array(S * S).fill(1),
  category: 'synface',
};
const PHASES: Phase[] = [
  { stage: 0, step: 'inversion', iterations: 2 },
  { stage: 0, step: 'prior', iterations: 2 },
  { stage: 1, step: 'step1', iterations: 2 },
  { stage: 1, step: 'step3', iterations: 2 },
];

/** Runs every phase, or fails at the first iteration of `failAt`. */
class StubRunner implements PhaseRunner {
  constructor(private readonly failAt: Phase['step'] | null = null) {}
  begin(): void {}
  async iterate(phase: Phase, iteration: number) {
    if (phase.step === this.failAt) throw new Error('The GPU device was lost (destroyed).');
    return { iteration, losses: { total: 1 } };
  }
  end(): void {}
  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return { stage: phase.stage, step: phase.step, iteration, size: S, depth: new Float32Array(S * S) };
  }
}

const checkpoint = (nextPhase: number): MethodCheckpoint => ({
  version: CHECKPOINT_VERSION,
  nextPhase,
  stage: 0,
  nets: { depth: { w: { shape: [3], data: Float32Array.from([1, 2, 3]) } } },
  latent: Float32Array.from([0.5, -0.5]),
  randomState: 42,
});

const GAN_PATH: StoredGanPath = {
  version: GAN_PATH_STATE_VERSION,
  size: S,
  offsetLayers: 2,
  encoderWidth: 4,
  styleDim: 2,
  encoder: { 'out.bias': { shape: [2], data: Float32Array.from([0.25, -0.75]) } },
  latent: Float32Array.from([0.5, -0.5]),
};

/** A run whose checkpoint after the prior fit goes to the recorder, as start() does. */
function recordedRun(
  recorder: Recorder,
  runner: StubRunner,
  firstPhase = 0,
  ganPath?: () => Promise<StoredGanPath | null>,
): Run {
  const run = new Run(PHASES, runner, {
    snapshotEvery: 2,
    firstPhase,
    afterPhase: async (index) => {
      if (index === 1) await recorder.checkpoint(checkpoint(2));
    },
  });
  recorder.follow(run, { ganPath });
  return run;
}

/** Waits until the store's writes for a run are done: its end is stored and listed. */
async function settled(source: string, status: string) {
  await vi.waitFor(() => {
    const { runs, recording } = useArchive.getState();
    expect(recording).toBeNull();
    expect(runs.find((r) => r.source === source)?.status).toBe(status);
  });
}

describe('archive store: checkpoints and resumes', () => {
  beforeAll(async () => {
    await useArchive.getState().open(indexedDB);
    expect(useArchive.getState().status.kind).toBe('ready');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps a run that stops with its checkpoint, and records its resumed run into the same stored run', async () => {
    const store = useArchive.getState();
    const run = recordedRun(
      store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 3, source: 'a' }),
      new StubRunner('step1'),
    );
    expect(await run.finished).toBe('failed');
    await settled('a', 'failed');
    const [stopped] = useArchive.getState().runs;
    expect(stopped).toMatchObject({ status: 'failed', seed: 3, phasesDone: 2, resumable: { nextPhase: 2, stage: 0 } });
    expect(useArchive.getState().current).toBe(stopped.id);
    const stored = await useArchive.getState().archive?.readCheckpoint(stopped.id);
    expect(stored?.latent).toEqual(checkpoint(2).latent);

    const resumed = recordedRun(
      useArchive.getState().recordResumed(stopped.id, 2, { stage: 0, step: 'prior' }),
      new StubRunner(),
      2,
    );
    expect(await resumed.finished).toBe('done');
    await settled('a', 'done');
    const runs = useArchive.getState().runs;
    expect(runs.map((r) => r.id)).toEqual([stopped.id]);
    expect(runs[0]).toMatchObject({ status: 'done', phasesDone: 4, resumable: null });
    expect(runs[0].error).toBeUndefined();
    await useArchive.getState().remove(stopped.id);
  });

  it('a finished run keeps the GAN path read as it ends; a stopped one is not asked; a failed read keeps none', async () => {
    const store = useArchive.getState();
    const asked: string[] = [];
    const reader = (what: string, result: () => Promise<StoredGanPath | null>) => () => {
      asked.push(what);
      return result();
    };
    recordedRun(
      store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'kept' }),
      new StubRunner(),
      0,
      reader('kept', async () => GAN_PATH),
    );
    await settled('kept', 'done');
    const kept = useArchive.getState().runs.find((r) => r.source === 'kept');
    expect(kept).toMatchObject({ resumable: null, ganPath: { version: GAN_PATH_STATE_VERSION } });
    expect((await useArchive.getState().archive?.readGanPath(kept?.id ?? ''))?.latent).toEqual(GAN_PATH.latent);

    recordedRun(
      store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'stopped' }),
      new StubRunner('step1'),
      0,
      reader('stopped', async () => GAN_PATH),
    );
    await settled('stopped', 'failed');
    recordedRun(
      store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'unread' }),
      new StubRunner(),
      0,
      reader('unread', () => Promise.reject(new Error('The GPU device was lost.'))),
    );
    await settled('unread', 'done');
    expect(asked).toEqual(['kept', 'unread']);
    const runs = useArchive.getState().runs;
    expect(runs.find((r) => r.source === 'stopped')?.ganPath).toBeNull();
    expect(runs.find((r) => r.source === 'unread')?.ganPath).toBeNull();
    expect(useArchive.getState().status.kind).toBe('ready');
    for (const r of runs) await useArchive.getState().remove(r.id);
  });

  it('a GAN path the storage refuses as full: the run is stored as finished without it', async () => {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { name?: string }).name === 'gan-path')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    recordedRun(
      useArchive.getState().recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'full' }),
      new StubRunner(),
      0,
      async () => GAN_PATH,
    );
    await settled('full', 'done');
    vi.restoreAllMocks();
    const [run] = useArchive.getState().runs;
    expect(run).toMatchObject({ source: 'full', status: 'done', ganPath: null, resumable: null });
    await useArchive.getState().remove(run.id);
  });

  it('a checkpoint the storage refuses as full: the run goes on to the end unstored and the store says so', async () => {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { name?: string }).name === 'checkpoint')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const store = useArchive.getState();
    const run = recordedRun(
      store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'b' }),
      new StubRunner(),
    );
    expect(await run.finished).toBe('done');
    await vi.waitFor(() => expect(useArchive.getState().status.kind).toBe('full'));
    expect(useArchive.getState().status).toMatchObject({
      kind: 'full',
      message: expect.stringMatching(/full \(storing a checkpoint\)/),
    });
    // New runs go unstored until room is made.
    const unstored = store.recordNew(INPUT, { model: 'm', preset: 'test', seed: 0, source: 'c' });
    await expect(unstored.checkpoint(checkpoint(2))).resolves.toBeUndefined();
    vi.restoreAllMocks();
    const [kept] = useArchive.getState().runs;
    expect(kept.source).toBe('b');
    await useArchive.getState().remove(kept.id);
    expect(useArchive.getState().status.kind).toBe('ready');
  });
});
