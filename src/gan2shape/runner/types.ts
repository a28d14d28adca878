/** What a run reports to its subscribers: progress at every iteration batch, snapshots at a set cadence. */

/**
 * The phases of a run: the input's GAN inversion, the prior fit, and per stage step 1 (albedo), step 2 (the
 * latent-offset encoder on pseudo samples), collect (projected samples for step 3) and step 3 (joint training).
 */
export type StepKind = 'inversion' | 'prior' | 'step1' | 'step2' | 'collect' | 'step3';

/** Display names of the phases (timeline, loss plot, CLI progress). */
export const STEP_LABELS: Record<StepKind, string> = {
  inversion: 'GAN inversion',
  prior: 'Ellipsoid prior',
  step1: 'Step 1: albedo',
  step2: 'Step 2: projection',
  collect: 'Collect samples',
  step3: 'Step 3: joint',
};

/** One unit of the schedule: a step of a stage with its iteration count. */
export interface Phase {
  stage: number;
  step: StepKind;
  iterations: number;
  /**
   * Rough cost of one iteration relative to one image through the GAN forward and backward (schedule's estimate):
   * gives an ETA for phases whose speed has not been measured yet.
   */
  cost?: number;
}

/** Loss terms read back at one iteration (0-based) of a phase. */
export interface LossReading {
  iteration: number;
  losses: Record<string, number>;
}

export interface Progress {
  phaseIndex: number;
  phaseCount: number;
  stage: number;
  step: StepKind;
  iteration: number;
  iterations: number;
  /** Latest loss values read back from the GPU (read every few iterations, never every one). */
  losses: Record<string, number>;
  /** True when `losses` arrived at this progress event (plots add a point only then). */
  lossesFresh: boolean;
  /**
   * The iteration (count done) `losses` were computed at: a reading arrives an iteration after it is taken (the
   * host never waits for the GPU to finish the iteration it has just submitted), at a phase's last one at once.
   */
  lossesIteration: number;
  elapsedSeconds: number;
  /** Remaining time from the measured speed of each step kind; null until measured. */
  etaSeconds: number | null;
  state: RunState;
}

export interface Snapshot {
  stage: number;
  step: StepKind;
  iteration: number;
  size: number;
  /** Canonical depth, size*size, world units. */
  depth: Float32Array;
  /** CHW [-1,1] maps; absent before the step that predicts them. */
  albedo?: Float32Array;
  shading?: Float32Array;
  /** Normals, interleaved xyz per pixel. */
  normals?: Float32Array;
  reconstruction?: Float32Array;
  /** The input's view (rx, ry, rz radians; tx, ty, tz) and light (k_a, k_d, l_x, l_y). */
  view?: number[];
  light?: number[];
  /** Canonical depth rendered in the input's view (S*S, clamped to [0.8, 1.2]): what SIDE/MAD score. */
  reconDepth?: Float32Array;
  /** The input's GAN image I_gan (CHW [-1,1]) and its PSNR against the input (dB). */
  ganImage?: Float32Array;
  ganPsnr?: number;
  /** Step 2 / collect: pseudo samples (relit, warped into random views) beside their projections G(w + dw). */
  pseudo?: PseudoSampleSnapshot;
}

export interface PseudoSampleSnapshot {
  count: number;
  /** [count, 3, S, S] each, CHW [-1, 1]. */
  images: Float32Array;
  projections: Float32Array;
  /** [count, S, S] pseudo masks. */
  masks: Float32Array;
}

export type RunState = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

/** Where a run stopped on a non-finite value, and which loss term or prediction showed it. */
export interface RunFailure {
  phaseIndex: number;
  stage: number;
  step: StepKind;
  iteration: number;
  term: string;
}

export type RunEvent =
  | { type: 'progress'; progress: Progress }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'state'; state: RunState; error?: string; at?: RunFailure };
