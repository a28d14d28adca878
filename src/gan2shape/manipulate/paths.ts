/**
 * The two ways GAN2Shape manipulates a result (method-reference section 8): the 3D path re-renders the recovered
 * mesh with the engine's renderer; the GAN path renders the new view/light and projects it onto the GAN's image
 * manifold with the latent-offset encoder E and the generator (ganPath.ts). The GAN path needs what the run that
 * trained E holds, or what a finished run kept of it (ganPathState.ts) with the model it was made with loaded; when
 * that is not there the UI shows the entry disabled with the reason.
 */
import type { RunState } from '../runner/types';
import { GAN_PATH_STATE_VERSION } from './ganPathState';

export type ManipulationPath = 'mesh' | 'gan';

export interface PathOption {
  path: ManipulationPath;
  label: string;
  available: boolean;
  /** Why it cannot be chosen (when not available). */
  reason?: string;
}

/** The GAN path of a reopened stored run (the app rebuilds it from what the run kept): ready, on its way, or why not. */
export type ReopenedGanPath = { state: 'ready' } | { state: 'building' } | { state: 'unavailable'; reason: string };

/** What decides whether the page can render the GAN path for the result it shows. */
export interface GanPathFacts {
  /** The result comes from a run of this page (not a reopened stored run, not the prior preview). */
  liveRun: boolean;
  runState: RunState | 'idle';
  /** The run had a GAN model (E and the input's w exist). */
  hasGan: boolean;
  /** Step 2 has trained E at least once (a step-2 / collect snapshot came). */
  encoderTrained: boolean;
  /** The shown stored run's GAN path when the page shows a reopened run; null otherwise. */
  reopened?: ReopenedGanPath | null;
}

const NO_GAN = 'This run had no GAN model (prior fit only): the GAN path needs the generator and its encoder E.';

/** Null when the GAN path can render, else the reason it cannot, in the page's words. */
export function ganPathUnavailable(f: GanPathFacts): string | null {
  if (!f.liveRun) {
    if (f.runState === 'idle')
      return 'The GAN path needs a run: it uses the encoder E that step 2 trains and the input’s latent w.';
    if (f.reopened?.state === 'ready') return null;
    if (f.reopened?.state === 'building')
      return 'Rebuilding the GAN path of this stored run (its E and w, and G(w) with its model)…';
    if (f.reopened?.state === 'unavailable') return f.reopened.reason;
    return 'This reopened run has no encoder E or latent w at hand: run it again for the GAN path.';
  }
  if (!f.hasGan) return NO_GAN;
  if (!f.encoderTrained) return 'The GAN path needs the latent-offset encoder that step 2 of a run trains.';
  if (f.runState === 'running')
    return 'The GAN path renders once the run is paused or has ended (E is still training).';
  return null;
}

export function manipulationPaths(ganReason: string | null): PathOption[] {
  return [
    { path: 'mesh', label: '3D mesh', available: true },
    ganReason === null
      ? { path: 'gan', label: 'GAN', available: true }
      : { path: 'gan', label: 'GAN', available: false, reason: ganReason },
  ];
}

/** What a stored run's record and the page's model say about rebuilding the run's GAN path. */
export interface StoredGanPathFacts {
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** The record's `ganPath`: its format version when kept, null when none was kept, undefined in older runs. */
  kept: { version: number } | null | undefined;
  /** The model the run was made with ('no model' for a prior-only run). */
  runModel: string;
  /** The page's model: its state and name. */
  loaded: { kind: 'idle' | 'loading' | 'ready' | 'failed'; name?: string };
}

/** Null when a reopened run's GAN path can be rebuilt now, else why not, in the page's words. */
export function storedGanPathUnavailable(f: StoredGanPathFacts, noModelName = 'no model'): string | null {
  if (f.runModel === noModelName) return NO_GAN;
  if (f.kept === undefined)
    return 'This run was stored before finished runs kept their GAN path (E and w): run it again for the GAN path.';
  if (f.kept === null)
    return f.status === 'done'
      ? 'This run’s GAN path was not kept (E and w could not be read or stored when it ended): run it again for the GAN path.'
      : 'Only a finished run keeps its GAN path (E and w): resume this run to the end, or run it again.';
  if (f.kept.version !== GAN_PATH_STATE_VERSION)
    return (
      `This run’s GAN path was stored by another version of the app (format ${f.kept.version}; this app reads ` +
      `${GAN_PATH_STATE_VERSION}): run it again for the GAN path.`
    );
  const needs = `The GAN path of this run needs the model "${f.runModel}" it was made with`;
  if (f.loaded.kind === 'ready' && f.loaded.name !== f.runModel)
    return `${needs}; the page has "${f.loaded.name}" loaded: choose "${f.runModel}" in the model menu.`;
  if (f.loaded.kind === 'loading') return `${needs}; it is still loading.`;
  if (f.loaded.kind !== 'ready') return `${needs}; no model is loaded: choose "${f.runModel}" in the model menu.`;
  return null;
}
