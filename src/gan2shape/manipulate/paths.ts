/**
 * The two ways GAN2Shape manipulates a result (method-reference section 8): the 3D path re-renders the recovered
 * mesh with the engine's renderer; the GAN path renders the new view/light and projects it onto the GAN's image
 * manifold with the latent-offset encoder E and the generator (ganPath.ts). The GAN path needs what only the
 * run that trained E still holds; when that is not there the UI shows the entry disabled with the reason.
 */
import type { RunState } from '../runner/types';

export type ManipulationPath = 'mesh' | 'gan';

export interface PathOption {
  path: ManipulationPath;
  label: string;
  available: boolean;
  /** Why it cannot be chosen (when not available). */
  reason?: string;
}

/** What decides whether the page can render the GAN path for the result it shows. */
export interface GanPathFacts {
  /** The result comes from a run of this page (not a reopened stored run, not the prior preview). */
  liveRun: boolean;
  runState: RunState | 'idle';
  /** The run had a GAN model (E and the input's w exist). */
  hasGan: boolean;
  /** Step 2 has trained E at least once (a step-2 / collect snapshot came). */
  encoderTrained: boolean;
}

/** Null when the GAN path can render, else the reason it cannot, in the page's words. */
export function ganPathUnavailable(f: GanPathFacts): string | null {
  if (!f.liveRun)
    return f.runState === 'idle'
      ? 'The GAN path needs a run: it uses the encoder E that step 2 trains and the input’s latent w.'
      : 'A reopened run keeps no encoder E or latent w (a finished run’s checkpoint is dropped): run it again for the GAN path.';
  if (!f.hasGan)
    return 'This run had no GAN model (prior fit only): the GAN path needs the generator and its encoder E.';
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
