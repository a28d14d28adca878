/** Shared between bench:gan's runner (run.ts, Node) and its page (page.ts, Chromium). */
export interface GanBenchBundle {
  name: string;
  /** URL path of the bundle folder on the bench's Vite server. */
  url: string;
}

export interface GanBenchConfig {
  bundles: GanBenchBundle[];
  /** Forward batches (engine and ORT). */
  batches: number[];
  /** Batches of the engine's forward + backward w.r.t. w (ORT has no backward). */
  backwardBatches: number[];
  /** Untimed runs before the timed ones (at least 1: the first forward of each side also gives the compared images). */
  warmup: number;
  reps: number;
  seed: number;
}

export interface GanBenchCase {
  bundle: string;
  size: number;
  batch: number;
  engineForwardMs: number;
  ortForwardMs: number;
  /** engineForwardMs / ortForwardMs (< 1: the engine is faster) */
  ratio: number;
  /** max |engine image - ORT image| for the same w+ */
  maxAbsDiffVsOrt: number;
  /** engine forward + backward w.r.t. w+ (loss mean(image^2)); null when not asked for this batch */
  engineForwardBackwardMs: number | null;
}

export interface GanBenchResult {
  adapter: { vendor: string; architecture: string; description: string; isSoftware: boolean };
  convKernel: string;
  /** Untimed runs before the timed ones (at least 1: the first forward of each side also gives the compared images). */
  warmup: number;
  reps: number;
  cases: GanBenchCase[];
}
