/**
 * The run object the app, the e2e tests and the CLI drive: it executes a schedule of phases, one iteration at a
 * time, and can be paused, resumed and cancelled between iterations. The method's steps plug in as PhaseRunners;
 * this file knows nothing about networks or GPUs.
 */
import { NonFiniteValue, nonFiniteLoss, nonFinitePrediction } from './finite';
import {
  type LossReading,
  type Phase,
  type Progress,
  type RunEvent,
  type RunFailure,
  type RunState,
  type Snapshot,
  STEP_LABELS,
  type StepKind,
} from './types';

/** A stop the run itself decided on (a non-finite loss or prediction), with where it happened. */
class RunStopped extends Error {
  constructor(
    message: string,
    readonly at: RunFailure,
  ) {
    super(message);
  }
}

function where(phase: Phase, iteration: number): string {
  return `${STEP_LABELS[phase.step]}${phase.stage > 0 ? ` of stage ${phase.stage}` : ''}, iteration ${iteration}`;
}

/** One step's implementation: called once per phase, then once per iteration. */
export interface PhaseRunner {
  begin(phase: Phase): Promise<void> | void;
  /**
   * Runs one iteration; returns a loss reading when one arrived during it (at the runner's own cadence; it may
   * have been taken at an earlier iteration, which it says).
   */
  iterate(phase: Phase, iteration: number): Promise<LossReading | undefined>;
  end(phase: Phase): Promise<void> | void;
  snapshot(phase: Phase, iteration: number): Promise<Snapshot>;
}

export interface RunOptions {
  /** Snapshot every N iterations (and at the end of every phase). */
  snapshotEvery: number;
  /** Progress events at most this often, in iterations. */
  progressEvery?: number;
  now?: () => number;
  /** Index of the first phase to run (a resumed run skips the phases its checkpoint covers); default 0. */
  firstPhase?: number;
  /**
   * Awaited after each completed phase, before the next begins (the method keeps its checkpoints here). A throw
   * fails the run: the callback decides what may stop it.
   */
  afterPhase?: (phaseIndex: number, phase: Phase) => Promise<void> | void;
}

type Listener = (event: RunEvent) => void;

export class Run {
  private listeners = new Set<Listener>();
  private stateValue: RunState = 'running';
  private resumeWaiters: (() => void)[] = [];
  private losses: Record<string, number> = {};
  private lossesIteration = 0;
  private readonly secondsPerIteration = new Map<StepKind, number>();
  private readonly countedKinds = new Set<StepKind>();
  private readonly startTime: number;
  readonly finished: Promise<RunState>;

  constructor(
    readonly phases: Phase[],
    private readonly runner: PhaseRunner,
    private readonly options: RunOptions,
  ) {
    const first = options.firstPhase ?? 0;
    if (!Number.isInteger(first) || first < 0 || first >= phases.length)
      throw new Error(`A run of ${phases.length} phases cannot start at phase ${first}.`);
    const now = options.now ?? (() => performance.now() / 1000);
    this.startTime = now();
    this.finished = this.execute(now);
  }

  get state(): RunState {
    return this.stateValue;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(): void {
    if (this.stateValue === 'running') this.setState('paused');
  }

  resume(): void {
    if (this.stateValue !== 'paused') return;
    this.setState('running');
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  cancel(): void {
    if (this.stateValue !== 'running' && this.stateValue !== 'paused') return;
    this.setState('cancelled');
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private setState(state: RunState, error?: string, at?: RunFailure): void {
    this.stateValue = state;
    this.emit(at ? { type: 'state', state, error, at } : { type: 'state', state, error });
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.stateValue === 'paused') await new Promise<void>((wake) => this.resumeWaiters.push(wake));
  }

  /**
   * Remaining seconds: measured seconds per iteration for the step kinds that ran; for the others the phases'
   * relative costs (Phase.cost) scaled by the seconds per cost unit measured so far. Null before any
   * measurement, or when an unmeasured phase states no cost.
   */
  private eta(phaseIndex: number, iteration: number): number | null {
    let measuredCost = 0;
    let measuredSeconds = 0;
    for (const phase of this.phases) {
      const rate = this.secondsPerIteration.get(phase.step);
      if (rate !== undefined && phase.cost !== undefined && !this.countedKinds.has(phase.step)) {
        measuredCost += phase.cost;
        measuredSeconds += rate;
        this.countedKinds.add(phase.step);
      }
    }
    this.countedKinds.clear();
    const secondsPerCost = measuredCost > 0 ? measuredSeconds / measuredCost : null;
    let total = 0;
    for (let p = phaseIndex; p < this.phases.length; p++) {
      const phase = this.phases[p];
      const left = p === phaseIndex ? phase.iterations - iteration : phase.iterations;
      const rate =
        this.secondsPerIteration.get(phase.step) ??
        (secondsPerCost !== null && phase.cost !== undefined ? secondsPerCost * phase.cost : undefined);
      if (rate === undefined) return null;
      total += rate * left;
    }
    return total;
  }

  private progress(phaseIndex: number, iteration: number, lossesFresh: boolean, now: () => number): Progress {
    const phase = this.phases[phaseIndex];
    return {
      phaseIndex,
      phaseCount: this.phases.length,
      stage: phase.stage,
      step: phase.step,
      iteration,
      iterations: phase.iterations,
      losses: { ...this.losses },
      lossesFresh,
      lossesIteration: this.lossesIteration,
      elapsedSeconds: now() - this.startTime,
      etaSeconds: this.eta(phaseIndex, iteration),
      state: this.stateValue,
    };
  }

  /**
   * One iteration or snapshot (`iteration` is the count done); a NonFiniteValue it throws, or the losses or maps
   * it returns holding one, becomes a stop that says where: at the iteration of the loss reading that found it
   * (readings arrive an iteration late), else at this one.
   */
  private async checked<T>(p: number, phase: Phase, done: number, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof NonFiniteValue)) throw err;
      const iteration = err.iteration === undefined ? done : err.iteration + 1;
      throw new RunStopped(`${where(phase, iteration)}: ${err.message}`, {
        phaseIndex: p,
        stage: phase.stage,
        step: phase.step,
        iteration,
        term: err.term,
      });
    }
  }

  private async execute(now: () => number): Promise<RunState> {
    // Let callers subscribe before the first event.
    await Promise.resolve();
    const progressEvery = this.options.progressEvery ?? 1;
    try {
      for (let p = this.options.firstPhase ?? 0; p < this.phases.length; p++) {
        const phase = this.phases[p];
        await this.runner.begin(phase);
        const phaseStart = now();
        for (let i = 0; i < phase.iterations; i++) {
          await this.waitWhilePaused();
          if (this.stateValue === 'cancelled') return this.stateValue;
          const done = i + 1;
          const reading = await this.checked(p, phase, done, async () => {
            const read = await this.runner.iterate(phase, i);
            const bad = read && nonFiniteLoss(read.losses);
            if (bad)
              throw new NonFiniteValue(
                bad.term,
                `the loss term '${bad.term}' is ${bad.value} ` +
                  '(losses are read every few iterations: it went bad after the previous reading)',
                read.iteration,
              );
            return read;
          });
          if (reading) {
            this.losses = reading.losses;
            this.lossesIteration = reading.iteration + 1;
          }
          // A running mean per step kind gives the ETA of this and the remaining phases.
          this.secondsPerIteration.set(phase.step, (now() - phaseStart) / done);
          if (reading || done % progressEvery === 0 || done === phase.iterations) {
            this.emit({ type: 'progress', progress: this.progress(p, done, reading !== undefined, now) });
          }
          if (done % this.options.snapshotEvery === 0 || done === phase.iterations) {
            const snapshot = await this.checked(p, phase, done, async () => {
              const taken = await this.runner.snapshot(phase, done);
              const bad = nonFinitePrediction(taken);
              if (bad) throw new NonFiniteValue(bad, `the predicted ${bad} holds NaN or infinite values`);
              return taken;
            });
            this.emit({ type: 'snapshot', snapshot });
          }
        }
        await this.runner.end(phase);
        await this.options.afterPhase?.(p, phase);
      }
      this.setState('done');
    } catch (err) {
      if (err instanceof RunStopped) this.setState('failed', err.message, err.at);
      // Some browser errors carry no message (a failed mapAsync on a lost device): say at least what they are.
      else this.setState('failed', (err instanceof Error && err.message) || String(err));
    }
    return this.stateValue;
  }
}
