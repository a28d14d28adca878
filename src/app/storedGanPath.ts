/**
 * The GAN path of a reopened stored run: a finished run keeps E's weights and the input's w (the archive's
 * 'gan-path' part, manipulate/ganPathState.ts); when the page reopens it with the model it was made with loaded,
 * E, w and I_gan = G(w) are rebuilt on the device, and released when another run is opened or started (the page's
 * own run keeps its runner's instead: runLauncher.ts). When the run kept none, or the model differs, the state says
 * why (manipulate/paths.ts); a model still loading rebuilds it once it is ready.
 */
import { create } from 'zustand';
import type { Backend } from '../engine/backend';
import { type RebuiltGanPath, rebuildGanPath } from '../gan2shape/manipulate/ganPathState';
import { type ReopenedGanPath, storedGanPathUnavailable } from '../gan2shape/manipulate/paths';
import type { RunArchive, StoredRun } from '../storage/runArchive';
import { methodModelFor, useModel } from './modelStore';

export interface ReopenedGanPathState {
  /** The stored run shown (null: none reopened). */
  runId: string | null;
  status: ReopenedGanPath | null;
  /** Set while status is ready. */
  model: RebuiltGanPath | null;
}

export const useStoredGanPath = create<ReopenedGanPathState>(() => ({ runId: null, status: null, model: null }));

/** What a rebuild needs, kept while the reopened run waits for its model. */
interface Request {
  backend: Backend;
  archive: RunArchive;
  run: StoredRun;
  /** The run's input, CHW [-1, 1] at its size (I_gan's PSNR is taken against it). */
  input: Float32Array;
}

let request: Request | null = null;
/** Bumped by every open and release: a rebuild that finishes after another began is thrown away. */
let generation = 0;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function rebuild(r: Request, mine: number): Promise<void> {
  const model = useModel.getState().status;
  const reason = storedGanPathUnavailable({
    status: r.run.status,
    kept: r.run.ganPath,
    runModel: r.run.model,
    loaded: model.kind === 'idle' ? { kind: 'idle' } : { kind: model.kind, name: model.name },
  });
  if (reason !== null || model.kind !== 'ready') {
    useStoredGanPath.setState({ status: { state: 'unavailable', reason: reason ?? '' }, model: null });
    return;
  }
  useStoredGanPath.setState({ status: { state: 'building' }, model: null });
  let built: RebuiltGanPath | null = null;
  try {
    const state = await r.archive.readGanPath(r.run.id);
    if (!state) throw new Error('its stored E and w are gone');
    if (mine !== generation) return;
    const gan = methodModelFor(r.backend, model.bundle, model.encoder).gan;
    built = await rebuildGanPath(gan, state, r.input);
  } catch (err) {
    if (mine === generation)
      useStoredGanPath.setState({
        status: {
          state: 'unavailable',
          reason: `The stored GAN path of this run cannot be rebuilt: ${messageOf(err)}.`,
        },
      });
    return;
  }
  if (mine !== generation) {
    built.release();
    return;
  }
  useStoredGanPath.setState({ status: { state: 'ready' }, model: built });
}

/** Frees the reopened run's GAN path (another run opened or started, the device gone). */
export function releaseStoredGanPath(): void {
  generation++;
  request = null;
  useStoredGanPath.getState().model?.release();
  useStoredGanPath.setState({ runId: null, status: null, model: null });
}

/**
 * Rebuilds the GAN path of stored run `run`, just reopened (the previous one is released first). Resolves when it
 * is ready or known to be unavailable; never throws (the state says why).
 */
export function openStoredGanPath(backend: Backend, archive: RunArchive, run: StoredRun, input: Float32Array) {
  releaseStoredGanPath();
  request = { backend, archive, run, input };
  useStoredGanPath.setState({ runId: run.id });
  return rebuild(request, generation);
}

// A reopened run waiting for its model (still loading, or another one chosen) is rebuilt once that model is ready.
const modelKey = (s: ReturnType<typeof useModel.getState>['status']) =>
  s.kind === 'idle' ? 'idle' : `${s.kind}:${s.id}`;
useModel.subscribe((now, before) => {
  const r = request;
  // Only a change of model or of its state (not a download's progress), and only while none is built.
  if (!r || modelKey(now.status) === modelKey(before.status) || useStoredGanPath.getState().model) return;
  if (useStoredGanPath.getState().status?.state === 'building') return;
  void rebuild(r, generation);
});
