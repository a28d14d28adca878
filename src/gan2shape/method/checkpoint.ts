/**
 * What a stopped run needs to go on from the end of its last finished stage (issue: runs survive reloads, faults
 * and lost devices): every net's weights, the input's latent w, the pseudo-sample stream's position and the index
 * of the next phase. Taken between phases, where nothing else is alive: every step makes a fresh Adam (GAN2Shape
 * resets the moments per step) and each stage collects its own projected samples.
 */
import type { Phase } from '../runner/types';
import type { MethodNets } from './context';

export const CHECKPOINT_VERSION = 1;

export type NetName = keyof MethodNets;

export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

export interface MethodCheckpoint {
  version: typeof CHECKPOINT_VERSION;
  /** Index, in the run's phases, of the first phase still to run. */
  nextPhase: number;
  /** The stage just finished (0: the inversion and prior fit). */
  stage: number;
  /** Per net, parameter name -> shape and values. */
  nets: Partial<Record<NetName, Record<string, StoredTensor>>>;
  /** The input's w [D]; null when the run had none yet (no GAN). */
  latent: Float32Array | null;
  /** MethodContext.random's position. */
  randomState: number;
}

/**
 * The phases after which a run keeps a checkpoint: the prior fit (stage 0 done) and the last phase of every stage
 * but the final one (a finished run needs none).
 */
export function checkpointPhases(phases: readonly Phase[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < phases.length; i++)
    if (phases[i].step === 'prior' || phases[i + 1].stage !== phases[i].stage) out.add(i);
  return out;
}

/** Checks what a stored checkpoint claims before any of it is used (a clear message instead of a broken run). */
export function validateCheckpoint(checkpoint: MethodCheckpoint, phases: readonly Phase[]): void {
  if (checkpoint.version !== CHECKPOINT_VERSION)
    throw new Error(
      `This run was stored by another version of the app (checkpoint format ${checkpoint.version}, ` +
        `this app reads ${CHECKPOINT_VERSION}); it can be reopened but not resumed.`,
    );
  const next = checkpoint.nextPhase;
  if (!Number.isInteger(next) || next < 1 || next >= phases.length || !checkpointPhases(phases).has(next - 1))
    throw new Error(
      `The checkpoint's next phase ${next} is not a stage boundary of this run's ${phases.length} phases.`,
    );
}
