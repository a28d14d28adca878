/**
 * The page's side of the run archive (src/storage/runArchive.ts): opens it at start (runs left running by a
 * closed page are marked as such), records every run as it goes (its input and seed, the snapshot closing each
 * phase, its latest checkpoint, how it ended, and for a finished run what its GAN path needs) and lists, reopens
 * and deletes stored runs; a run resumed from its checkpoint is recorded into the same stored run. Storage that is full or refused never stops a run: the page
 * says so, offers to delete old runs, and the run goes on unstored.
 */
import { create } from 'zustand';
import type { StoredGanPath } from '../gan2shape/manipulate/ganPathState';
import type { MethodCheckpoint } from '../gan2shape/method/checkpoint';
import type { RunInput } from '../gan2shape/runner/input';
import type { Run } from '../gan2shape/runner/run';
import type { Phase, Snapshot } from '../gan2shape/runner/types';
import { RunArchive, RunArchiveError, type StoredRun } from '../storage/runArchive';

export type ArchiveStatus =
  | { kind: 'opening' }
  | { kind: 'ready' }
  /** Storage refused or full: runs go on unstored; the message says why. */
  | { kind: 'unavailable' | 'full'; message: string };

/**
 * Stores one run as it goes. Made before start() so that its `checkpoint` can be start()'s onCheckpoint; `follow`
 * (called with the started run) creates or re-opens the stored record, then every write goes one after another,
 * in event order. A failed write stops recording this run, never the run.
 */
export interface Recorder {
  /** start()'s onCheckpoint: resolves once the checkpoint is stored (or could not be); never throws. */
  checkpoint: (checkpoint: MethodCheckpoint) => Promise<void>;
  follow: (run: Run, options?: FollowOptions) => void;
}

export interface FollowOptions {
  /**
   * Reads what the run's GAN path needs when it has finished, kept with the stored run for its reopening. Called
   * as the run says it is done, before the page can release the run's nets; null or a rejection: none is kept.
   */
  ganPath?: () => Promise<StoredGanPath | null>;
}

/** What a new stored run's record says of it (its phase count comes from the run). */
export interface NewRunMeta {
  model: string;
  preset: string;
  seed: number;
  source: string;
  /** The bundled sample's `file`, when the input is one (its ground truth is found again by it). */
  sample?: string;
}

interface ArchiveState {
  status: ArchiveStatus;
  runs: StoredRun[];
  archive: RunArchive | null;
  /** The stored run being recorded now (null when unstored). */
  recording: string | null;
  /** The stored run behind the run the page shows (recorded, resumed or reopened; kept after it ends). */
  current: string | null;
  open: (factory?: IDBFactory) => Promise<void>;
  refresh: () => Promise<void>;
  remove: (id: string) => Promise<void>;
  setCurrent: (id: string | null) => void;
  /** A recorder that stores a new run (its record, with the input, is created by `follow`). */
  recordNew: (input: RunInput, meta: NewRunMeta) => Recorder;
  /** A recorder that goes on recording stored run `id`, resumed at phase `fromPhase` of its schedule. */
  recordResumed: (id: string, fromPhase: number, reached: StoredRun['reached']) => Recorder;
}

function failure(err: unknown): ArchiveStatus {
  if (err instanceof RunArchiveError && err.reason === 'full') return { kind: 'full', message: err.message };
  return { kind: 'unavailable', message: err instanceof Error ? err.message : String(err) };
}

/** Index of the phase a closing snapshot belongs to (the last one with its stage and step). */
function closingPhase(phases: Phase[], snapshot: Snapshot): number {
  for (let i = phases.length - 1; i >= 0; i--) {
    const p = phases[i];
    if (p.stage === snapshot.stage && p.step === snapshot.step && p.iterations === snapshot.iteration) return i;
  }
  return -1;
}

const UNSTORED: Recorder = { checkpoint: async () => undefined, follow: () => undefined };

/**
 * Stores a run's end with its GAN path; when that does not fit in the storage left, the end alone (a finished run
 * without its GAN path beats one left marked as running).
 */
async function finish(
  archive: RunArchive,
  id: string,
  status: 'done' | 'failed' | 'cancelled',
  error: string | undefined,
  ganPath: StoredGanPath | null,
): Promise<void> {
  try {
    await archive.finish(id, status, { error, ganPath });
  } catch (err) {
    if (!ganPath || !(err instanceof RunArchiveError) || err.reason !== 'full') throw err;
    await archive.finish(id, status, { error });
  }
}

export const useArchive = create<ArchiveState>((set, get) => {
  /** A recorder whose record comes from `begin` (create, or re-open for a resume). */
  function recorder(begin: (archive: RunArchive, run: Run) => Promise<StoredRun>): Recorder {
    const archive = get().archive;
    if (!archive || get().status.kind !== 'ready') return UNSTORED;
    let chain: Promise<void> = Promise.resolve();
    let id: string | null = null;
    let failed = false;
    const stop = (err: unknown) => {
      failed = true;
      set({ status: failure(err), recording: null });
    };
    const write = (work: (id: string) => Promise<unknown>): Promise<void> => {
      chain = chain.then(async () => {
        if (failed || !id) return;
        try {
          await work(id);
        } catch (err) {
          stop(err);
        }
      });
      return chain;
    };
    return {
      checkpoint: (checkpoint) =>
        write(async (runId) => {
          await archive.saveCheckpoint(runId, checkpoint);
          await get().refresh();
        }),
      follow(run, options = {}) {
        chain = chain.then(async () => {
          try {
            id = (await begin(archive, run)).id;
            set({ recording: id, current: id });
            await get().refresh();
          } catch (err) {
            stop(err);
          }
        });
        run.subscribe((event) => {
          if (event.type === 'snapshot') {
            const index = closingPhase(run.phases, event.snapshot);
            if (index >= 0) void write((runId) => archive.phaseDone(runId, index, event.snapshot));
          } else if (event.type === 'state' && event.state !== 'running' && event.state !== 'paused') {
            const status = event.state as 'done' | 'failed' | 'cancelled';
            // Read now, while the run's E and w are certainly alive; the writes before it may take a while.
            const kept = status === 'done' && options.ganPath ? options.ganPath().catch(() => null) : null;
            void write(async (runId) => {
              await finish(archive, runId, status, event.error, await kept);
              if (get().recording === runId) set({ recording: null });
              await get().refresh();
            });
          }
        });
      },
    };
  }

  return {
    status: { kind: 'opening' },
    runs: [],
    archive: null,
    recording: null,
    current: null,

    async open(factory = globalThis.indexedDB) {
      try {
        const archive = await RunArchive.open(factory);
        await archive.markInterrupted();
        // Ready together with its list: a panel that says ready shows the stored runs, never an empty moment.
        set({ archive, runs: await archive.list(), status: { kind: 'ready' } });
      } catch (err) {
        set({ archive: null, status: failure(err) });
      }
    },

    async refresh() {
      const archive = get().archive;
      if (!archive) return;
      try {
        set({ runs: await archive.list() });
      } catch (err) {
        set({ status: failure(err) });
      }
    },

    async remove(id) {
      const archive = get().archive;
      if (!archive) return;
      try {
        await archive.delete(id);
        if (get().current === id) set({ current: null });
        // Deleting may be what frees enough room: a full archive is usable again.
        if (get().status.kind === 'full') set({ status: { kind: 'ready' } });
        await get().refresh();
      } catch (err) {
        set({ status: failure(err) });
      }
    },

    setCurrent: (id) => set({ current: id }),

    recordNew: (input, meta) =>
      recorder((archive, run) => archive.create({ ...meta, phaseCount: run.phases.length }, input)),

    recordResumed: (id, fromPhase, reached) => recorder((archive) => archive.markResumed(id, fromPhase, reached)),
  };
});
