/** What a run reports to its subscribers: progress at every iteration batch, snapshots at a set cadence. */

export type StepKind = 'prior' | 'step1' | 'step2' | 'step3';

/** One unit of the schedule: a step of a stage with its iteration count. */
export interface Phase {
  stage: number;
  step: StepKind;
  iterations: number;
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
  /** True when `losses` were read back at this very iteration (plots add a point only then). */
  lossesFresh: boolean;
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
  view?: number[];
  light?: number[];
}

export type RunState = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

export type RunEvent =
  | { type: 'progress'; progress: Progress }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'state'; state: RunState; error?: string };
