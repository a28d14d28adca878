/**
 * The page's side of the run archive (src/storage/runArchive.ts): opens it at start (runs left running by a
 * closed page are marked as such), records every run as it goes (its input, the snapshot closing each phase, how
 * it ended) and lists, reopens and deletes stored runs. Storage that is full or refused never stops a run: the
 * page says so, offers to delete old runs, and the run goes on unstored.
 */
import { create } from 'zustand';
import type { RunInput } from '../gan2shape/runner/input';
import type { Run } from '../gan2shape/runner/run';
import type { Phase, Snapshot } from '../gan2shape/runner/types';
import { RunArchive, RunArchiveError, type StoredRun } from '../storage/runArchive';

export type ArchiveStatus =
  | { kind: 'opening' }
  | { kind: 'ready' }
  /** Storage refused or full: runs go on unstored; the message says why. */
  | { kind: 'unavailable' | 'full'; message: string };

interface ArchiveState {
  status: ArchiveStatus;
  runs: StoredRun[];
  archive: RunArchive | null;
  /** The stored run being recorded now (null when unstored). */
  recording: string | null;
  open: (factory?: IDBFactory) => Promise<void>;
  refresh: () => Promise<void>;
  remove: (id: string) => Promise<void>;
  record: (run: Run, input: RunInput, meta: { model: string; preset: string; source: string }) => Promise<void>;
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

export const useArchive = create<ArchiveState>((set, get) => ({
  status: { kind: 'opening' },
  runs: [],
  archive: null,
  recording: null,

  async open(factory = globalThis.indexedDB) {
    try {
      const archive = await RunArchive.open(factory);
      await archive.markInterrupted();
      set({ archive, status: { kind: 'ready' } });
      await get().refresh();
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
      // Deleting may be what frees enough room: a full archive is usable again.
      if (get().status.kind === 'full') set({ status: { kind: 'ready' } });
      await get().refresh();
    } catch (err) {
      set({ status: failure(err) });
    }
  },

  async record(run, input, meta) {
    const archive = get().archive;
    if (!archive || get().status.kind !== 'ready') return;
    let stored: StoredRun;
    try {
      stored = await archive.create({ ...meta, phaseCount: run.phases.length }, input);
    } catch (err) {
      set({ status: failure(err), recording: null });
      return;
    }
    set({ recording: stored.id });
    // Writes go one after another, in event order; a failed write stops recording this run, never the run.
    let chain = get().refresh();
    let failed = false;
    const write = (work: () => Promise<unknown>) => {
      chain = chain.then(async () => {
        if (failed) return;
        try {
          await work();
        } catch (err) {
          failed = true;
          set({ status: failure(err), recording: null });
        }
      });
    };
    run.subscribe((event) => {
      if (event.type === 'snapshot') {
        const index = closingPhase(run.phases, event.snapshot);
        if (index >= 0) write(() => archive.phaseDone(stored.id, index, event.snapshot));
      } else if (event.type === 'state' && event.state !== 'running' && event.state !== 'paused') {
        write(async () => {
          await archive.finish(stored.id, event.state as 'done' | 'failed' | 'cancelled', event.error);
          if (get().recording === stored.id) set({ recording: null });
          await get().refresh();
        });
      }
    });
  },
}));
