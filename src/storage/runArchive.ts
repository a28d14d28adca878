/**
 * Runs kept in the browser (IndexedDB, through `idb`): as a run goes the page stores its input, preset and model,
 * the snapshot that closes each phase, and how far it got, so that after a reload or a crash the run can be listed,
 * reopened (maps, 3D view, exports) or picked up again. Framework-free: the IDBFactory is passed in (the page's
 * `indexedDB`; `fake-indexeddb` in the unit tests).
 *
 * Layout: store `runs` holds one small record per run (listing needs no big reads); store `parts` holds the heavy
 * parts under [runId, name] ('input', 'phase:<index>', 'checkpoint', 'gan-path'), so deleting a run is one
 * key-range delete and listing never loads a map. 'checkpoint' is the run's latest MethodCheckpoint (overwritten at
 * every stage boundary, its Float32Arrays kept as typed arrays); the record's `resumable` says it is there and where
 * a resume starts. A finished run drops its checkpoint and keeps, in 'gan-path', what its GAN manipulation path
 * needs (E and w: manipulate/ganPathState.ts); the record's `ganPath` says so. Every failure is a RunArchiveError
 * whose `reason` says whether storage is full, unavailable (denied, private mode, blocked) or the record is
 * missing, so the page can say so and keep running unstored.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, wrap } from 'idb';
import type { StoredGanPath } from '../gan2shape/manipulate/ganPathState';
import type { MethodCheckpoint } from '../gan2shape/method/checkpoint';
import type { RunInput } from '../gan2shape/runner/input';
import type { Snapshot, StepKind } from '../gan2shape/runner/types';

export const ARCHIVE_DB = 'gan2shape-runs';
const VERSION = 1;

export type StoredRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface StoredRun {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** The model's name and the preset's. */
  model: string;
  preset: string;
  /** The run's seed (a resume starts the nets and the random stream from it before loading the checkpoint). */
  seed: number;
  /** Where the input came from (a file name, a sample's name). */
  source: string;
  /**
   * The bundled sample the input is (its `file` in public/samples/index.json), when it is one: a reopened or
   * resumed run finds the sample's ground truth again by it. Absent in runs stored before it was kept.
   */
  sample?: string;
  size: number;
  status: StoredRunStatus;
  /** The phases of the schedule and how many have finished (their closing snapshots are stored). */
  phaseCount: number;
  phasesDone: number;
  /** The last finished phase's stage and step (null before the first). */
  reached: { stage: number; step: StepKind } | null;
  error?: string;
  /** The input, size x size RGBA, for the list's thumbnail. */
  thumbnail: Uint8ClampedArray;
  /** Approximate bytes of everything stored for the run. */
  bytes: number;
  /** Set while a checkpoint is stored: where a resume starts (the checkpoint's own fields) and its size. */
  resumable?: ResumePoint | null;
  /**
   * Set when the finished run kept what its GAN path needs (the 'gan-path' part): its format version and size.
   * Null when it kept none (no GAN, not finished, or it could not be read); absent in runs stored before finished
   * runs kept it.
   */
  ganPath?: KeptGanPath | null;
}

/** What the listing says of a kept GAN path without reading it. */
export interface KeptGanPath {
  version: number;
  bytes: number;
}

/** What the listing says of a stored checkpoint without reading it. */
export interface ResumePoint {
  /** Index of the first phase a resume runs. */
  nextPhase: number;
  /** The stage the checkpoint closes (0: the inversion and prior fit). */
  stage: number;
  /** The checkpoint's format version (a resume needs the app's). */
  version: number;
  bytes: number;
}

interface ArchiveSchema extends DBSchema {
  runs: { key: string; value: StoredRun; indexes: { byCreated: number } };
  parts: { key: [string, string]; value: { runId: string; name: string; value: unknown } };
}

export type ArchiveFailure = 'full' | 'unavailable' | 'missing';

/** The part that holds a run's latest checkpoint. */
const CHECKPOINT_PART = 'checkpoint';
/** The part that holds what a finished run's GAN path needs. */
const GAN_PATH_PART = 'gan-path';

/** How a run ended, for RunArchive.finish. */
export interface RunEnd {
  /** A failed run's message. */
  error?: string;
  /** What the GAN path needs, kept with a finished ('done') run; ignored for any other end. */
  ganPath?: StoredGanPath | null;
  now?: number;
}

export class RunArchiveError extends Error {
  constructor(
    readonly reason: ArchiveFailure,
    message: string,
  ) {
    super(message);
  }
}

/** A stored run's heavy parts: its input and the closing snapshot of each finished phase, in order. */
export interface StoredRunParts {
  input: RunInput;
  snapshots: Snapshot[];
}

function missing(id: string): RunArchiveError {
  return new RunArchiveError('missing', `The run ${id} is no longer stored.`);
}

function bytesOf(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((a: number, v) => a + bytesOf(v), 0);
  if (value && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).reduce((a: number, v) => a + bytesOf(v), 0);
  return 8;
}

/** The RGBA thumbnail of a CHW [-1, 1] image. */
export function thumbnailOf(image: Float32Array, size: number): Uint8ClampedArray {
  const px = size * size;
  const out = new Uint8ClampedArray(px * 4);
  for (let i = 0; i < px; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round(((image[c * px + i] + 1) / 2) * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function classify(err: unknown, doing: string): RunArchiveError {
  if (err instanceof RunArchiveError) return err;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError')
    return new RunArchiveError('full', `The browser's storage for this page is full (${doing}): delete old runs.`);
  return new RunArchiveError('unavailable', `Runs cannot be stored in this browser (${doing}: ${text}).`);
}

type WriteTx = IDBPTransaction<ArchiveSchema, ('runs' | 'parts')[], 'readwrite'>;

export class RunArchive {
  private constructor(private readonly db: IDBPDatabase<ArchiveSchema>) {}

  /**
   * One read-write transaction over both stores: `work` queues its requests, then the commit is awaited. Any
   * failure aborts the whole transaction (the record and its parts never disagree) and is classified; a quota
   * abort reaches the requests as an AbortError, so the transaction's own error is the one that says why.
   */
  private async write<T>(doing: string, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    let tx: WriteTx | null = null;
    try {
      tx = this.db.transaction(['runs', 'parts'], 'readwrite');
      const done = tx.done;
      done.catch(() => undefined);
      const result = await work(tx);
      await done;
      return result;
    } catch (err) {
      const txError = tx?.error ?? null;
      try {
        tx?.abort();
      } catch {
        // already finished or aborted
      }
      throw classify(txError?.name === 'QuotaExceededError' ? txError : err, doing);
    }
  }

  /** Opens (or creates) the archive; a RunArchiveError('unavailable') when the browser refuses. */
  static async open(factory: IDBFactory | undefined, name = ARCHIVE_DB): Promise<RunArchive> {
    if (!factory) throw new RunArchiveError('unavailable', 'Runs cannot be stored: this browser has no IndexedDB.');
    try {
      // openDB() of idb always uses the global factory; open on the given one and let idb wrap the request.
      const request = factory.open(name, VERSION);
      request.addEventListener('upgradeneeded', () => {
        const database = request.result;
        const runs = database.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byCreated', 'createdAt');
        database.createObjectStore('parts', { keyPath: ['runId', 'name'] });
      });
      const db = (await wrap(request)) as unknown as IDBPDatabase<ArchiveSchema>;
      return new RunArchive(db);
    } catch (err) {
      throw classify(err, 'opening the run archive');
    }
  }

  close(): void {
    this.db.close();
  }

  /** Starts a run's record with its input; returns the stored record. */
  async create(
    fields: Pick<StoredRun, 'model' | 'preset' | 'seed' | 'source' | 'sample' | 'phaseCount'>,
    input: RunInput,
    now = Date.now(),
  ): Promise<StoredRun> {
    const run: StoredRun = {
      id: `run-${now.toString(36)}-${Math.floor(Math.random() * 36 ** 6).toString(36)}`,
      createdAt: now,
      updatedAt: now,
      ...fields,
      size: input.size,
      status: 'running',
      phasesDone: 0,
      reached: null,
      thumbnail: thumbnailOf(input.image, input.size),
      bytes: bytesOf(input),
      resumable: null,
      ganPath: null,
    };
    await this.write('storing the input', async (tx) => {
      await Promise.all([
        tx.objectStore('runs').put(run),
        tx.objectStore('parts').put({ runId: run.id, name: 'input', value: input }),
      ]);
    });
    return run;
  }

  /** Stores the snapshot that closed phase `phaseIndex` and moves the record on. */
  async phaseDone(id: string, phaseIndex: number, snapshot: Snapshot, now = Date.now()): Promise<StoredRun> {
    return this.write('storing a snapshot', async (tx) => {
      const runs = tx.objectStore('runs');
      const run = await runs.get(id);
      if (!run) throw missing(id);
      const next: StoredRun = {
        ...run,
        updatedAt: now,
        phasesDone: Math.max(run.phasesDone, phaseIndex + 1),
        reached: { stage: snapshot.stage, step: snapshot.step },
        bytes: run.bytes + bytesOf(snapshot),
      };
      await Promise.all([
        runs.put(next),
        tx.objectStore('parts').put({ runId: id, name: `phase:${phaseIndex}`, value: snapshot }),
      ]);
      return next;
    });
  }

  /**
   * Stores the run's latest checkpoint in place of the one before (one part, overwritten) and says so in the
   * record. A failure (storage full) leaves the previous checkpoint and the record as they were.
   */
  async saveCheckpoint(id: string, checkpoint: MethodCheckpoint, now = Date.now()): Promise<StoredRun> {
    return this.write('storing a checkpoint', async (tx) => {
      const runs = tx.objectStore('runs');
      const run = await runs.get(id);
      if (!run) throw missing(id);
      const bytes = bytesOf(checkpoint);
      const next: StoredRun = {
        ...run,
        updatedAt: now,
        resumable: { nextPhase: checkpoint.nextPhase, stage: checkpoint.stage, version: checkpoint.version, bytes },
        bytes: run.bytes - (run.resumable?.bytes ?? 0) + bytes,
      };
      // The part first: a write the storage refuses fails before the record claims a checkpoint.
      await tx.objectStore('parts').put({ runId: id, name: CHECKPOINT_PART, value: checkpoint });
      await runs.put(next);
      return next;
    });
  }

  /** The run's stored checkpoint, or null when it has none. */
  async readCheckpoint(id: string): Promise<MethodCheckpoint | null> {
    try {
      const part = await this.db.get('parts', [id, CHECKPOINT_PART]);
      return (part?.value as MethodCheckpoint | undefined) ?? null;
    } catch (err) {
      throw classify(err, 'reading a checkpoint');
    }
  }

  /**
   * A stored run goes on from its checkpoint: it is running again, the phases from `fromPhase` on (left by the
   * stopped attempt) are dropped, and `reached` is the last phase the checkpoint covers.
   */
  async markResumed(
    id: string,
    fromPhase: number,
    reached: StoredRun['reached'],
    now = Date.now(),
  ): Promise<StoredRun> {
    return this.write('resuming a stored run', async (tx) => {
      const runs = tx.objectStore('runs');
      const run = await runs.get(id);
      if (!run) throw missing(id);
      const parts = tx.objectStore('parts');
      let dropped = 0;
      for (let i = fromPhase; i < run.phaseCount; i++) {
        const key: [string, string] = [id, `phase:${i}`];
        const part = await parts.get(key);
        if (!part) continue;
        dropped += bytesOf(part.value);
        await parts.delete(key);
      }
      // The GAN path of an earlier end no longer matches the run that goes on.
      if (run.ganPath) {
        await parts.delete([id, GAN_PATH_PART]);
        dropped += run.ganPath.bytes;
      }
      const { error: _error, ...rest } = run;
      const next: StoredRun = {
        ...rest,
        status: 'running',
        updatedAt: now,
        phasesDone: Math.min(run.phasesDone, fromPhase),
        reached,
        bytes: run.bytes - dropped,
        ganPath: null,
      };
      await runs.put(next);
      return next;
    });
  }

  /**
   * Records how the run ended (done, failed with its message, cancelled). A finished run needs no checkpoint:
   * 'done' deletes it and keeps `ganPath` in its place (the GAN path of the reopened run); a stopped run keeps its
   * checkpoint to be resumed.
   */
  async finish(id: string, status: Exclude<StoredRunStatus, 'running'>, end: RunEnd = {}): Promise<StoredRun> {
    const { error, now = Date.now() } = end;
    return this.write('storing the end of the run', async (tx) => {
      const runs = tx.objectStore('runs');
      const parts = tx.objectStore('parts');
      const run = await runs.get(id);
      if (!run) throw missing(id);
      const { error: _previous, ...rest } = run;
      const next: StoredRun = { ...rest, status, updatedAt: now, ...(error ? { error } : {}) };
      if (status === 'done') {
        if (run.resumable) {
          next.resumable = null;
          next.bytes -= run.resumable.bytes;
          await parts.delete([id, CHECKPOINT_PART]);
        }
        if (run.ganPath) next.bytes -= run.ganPath.bytes;
        const ganPath = end.ganPath ?? null;
        if (ganPath) {
          const bytes = bytesOf(ganPath);
          await parts.put({ runId: id, name: GAN_PATH_PART, value: ganPath });
          next.ganPath = { version: ganPath.version, bytes };
          next.bytes += bytes;
        } else {
          if (run.ganPath) await parts.delete([id, GAN_PATH_PART]);
          next.ganPath = null;
        }
      }
      await runs.put(next);
      return next;
    });
  }

  /** What a finished run kept for its GAN path, or null when it kept none. */
  async readGanPath(id: string): Promise<StoredGanPath | null> {
    try {
      const part = await this.db.get('parts', [id, GAN_PATH_PART]);
      return (part?.value as StoredGanPath | undefined) ?? null;
    } catch (err) {
      throw classify(err, 'reading the GAN path of a stored run');
    }
  }

  /** Every stored run, newest first (records only: no maps are read). */
  async list(): Promise<StoredRun[]> {
    try {
      return (await this.db.getAllFromIndex('runs', 'byCreated')).reverse();
    } catch (err) {
      throw classify(err, 'listing the stored runs');
    }
  }

  /** A run's input and its finished phases' snapshots, in phase order. */
  async parts(id: string): Promise<StoredRunParts> {
    try {
      const all = await this.db.getAll('parts', IDBKeyRange.bound([id, ''], [id, '\uffff']));
      const input = all.find((p) => p.name === 'input')?.value as RunInput | undefined;
      if (!input) throw missing(id);
      const snapshots = all
        .filter((p) => p.name.startsWith('phase:'))
        .sort((a, b) => Number(a.name.slice(6)) - Number(b.name.slice(6)))
        .map((p) => p.value as Snapshot);
      return { input, snapshots };
    } catch (err) {
      throw classify(err, 'reading a stored run');
    }
  }

  /** Deletes a run and everything stored for it. */
  async delete(id: string): Promise<void> {
    await this.write('deleting a run', async (tx) => {
      await Promise.all([
        tx.objectStore('runs').delete(id),
        tx.objectStore('parts').delete(IDBKeyRange.bound([id, ''], [id, '\uffff'])),
      ]);
    });
  }

  /** Runs still marked running when the page opens were cut short (a reload, a crash). */
  async markInterrupted(now = Date.now()): Promise<StoredRun[]> {
    const cut = (await this.list()).filter((r) => r.status === 'running');
    for (const r of cut)
      await this.finish(r.id, 'failed', { error: 'the page was closed or reloaded during the run', now });
    return cut;
  }
}
