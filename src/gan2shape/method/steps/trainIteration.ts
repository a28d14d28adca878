/**
 * One optimizer step on a tape, with the loss terms read back every few iterations: forward, backward, Adam, free,
 * one submit. When the losses are read, the weights this step trains are checked too, in the same readback (a count
 * of NaN and infinite values): a GPU may clamp a NaN weight's output to a finite map, so finite losses do not prove
 * finite weights.
 *
 * A reading never stalls the queue: its copies join the iteration's command buffer and its mapAsync is awaited
 * only after the *next* iteration has been submitted, so the GPU always has the next iteration to run while the
 * host waits (two staging buffers in flight at most: double-buffered). The reading is delivered by that next
 * iteration, tagged with the iteration it was taken at; a phase's last iteration reads at once, so nothing is left
 * in flight when a phase ends.
 */
import { Tape } from '../../../engine/autograd/tape';
import type { Backend } from '../../../engine/backend';
import { countNonFinite } from '../../../engine/ops/check';
import type { Adam } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { NonFiniteValue } from '../../runner/finite';
import type { LossReading } from '../../runner/types';

export type { LossReading };

/** Loss values are read back every this many iterations and at the last one. */
export const LOSS_READ_EVERY = 5;

export function shouldReadLosses(iteration: number, iterations: number): boolean {
  return (iteration + 1) % LOSS_READ_EVERY === 0 || iteration + 1 === iterations;
}

/**
 * Terms computed together as one [G] tensor (a grouped loss), read back under one name per entry; entries under the
 * same name are summed (step 3's flipped sample group adds to its sample term).
 */
export interface TermVector {
  values: Tensor;
  names: readonly string[];
}

type LossTerm = Tensor | TermVector;

/** A term to read: its names, its tensor, and whether the reading releases it (the tape made it). */
interface KeptTerm {
  names: readonly string[];
  tensor: Tensor;
  owned: boolean;
}

const isVector = (t: LossTerm): t is TermVector => 'names' in t;

type Settled = { reading: LossReading } | { error: unknown };

/** The reading in flight between two iterations of a phase (one per run: phases run one after another). */
export class LossReadings {
  private pending: Promise<Settled> | null = null;

  /** Holds a started reading; its failure is kept (never an unhandled rejection) and thrown by take(). */
  hold(reading: Promise<LossReading>): void {
    this.pending = reading.then(
      (r) => ({ reading: r }),
      (error) => ({ error }),
    );
  }

  /** The reading in flight, awaited (null if none); it throws what the reading threw. */
  async take(): Promise<LossReading | null> {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return null;
    const settled = await pending;
    if ('error' in settled) throw settled.error;
    return settled.reading;
  }

  /** Forgets a reading in flight (a cancelled run): it still settles and frees its tensors. */
  drop(): void {
    this.pending = null;
  }
}

/** Where an iteration stands in its phase, and the run's readings. */
export interface ReadAt {
  iteration: number;
  iterations: number;
  readings: LossReadings;
}

/**
 * `losses()` runs on the tape and returns named scalars (or TermVectors of several); `total` is the one minimized.
 * With `at`, the terms are read at the logging iterations (shouldReadLosses) and the iteration returns the reading
 * that was in flight, if any (the one taken at an earlier iteration), or at the phase's last iteration its own.
 * Without it (inner loops such as the collect phase's refinement) nothing is read.
 */
export async function trainIteration<Terms extends { total: Tensor }>(
  backend: Backend,
  optimizer: Adam,
  losses: () => Terms,
  at: ReadAt | null,
): Promise<LossReading | undefined> {
  const read = at !== null && shouldReadLosses(at.iteration, at.iterations);
  const tape = new Tape();
  const terms = tape.run(losses);
  tape.backward(terms.total);
  optimizer.step();
  optimizer.zeroGrad();
  // The terms the tape made are kept past tape.free() for the reading, which releases them; a term the step owns
  // (a constant of the step, such as step 1's smoothness) is read as it is and stays the step's.
  const kept: KeptTerm[] = read
    ? Object.entries(terms as Record<string, LossTerm>).map(([name, t]) => {
        const tensor = isVector(t) ? t.values : t;
        const owned = tensor.owner === tape;
        if (owned) tensor.keep();
        return { names: isVector(t) ? t.names : [name], tensor, owned };
      })
    : [];
  tape.free();
  // Starting the readback submits this iteration's work with the copies (one submit either way).
  const started = at && read ? readTerms(backend, kept, countNonFinite(backend, optimizer.params), at.iteration) : null;
  if (!started) backend.flush();
  if (!at) return undefined;
  const earlier = await at.readings.take();
  if (!started) return earlier ?? undefined;
  if (at.iteration + 1 < at.iterations) {
    at.readings.hold(started);
    return earlier ?? undefined;
  }
  return started;
}

/**
 * The kept terms and the weights' non-finite count in one readback, started now (copies queued and submitted
 * synchronously), settled when the GPU has finished this iteration. One tensor may stand under two names (the
 * prior's total is its MSE): it is read once.
 */
async function readTerms(
  backend: Backend,
  kept: readonly KeptTerm[],
  badWeights: Tensor,
  iteration: number,
): Promise<LossReading> {
  const distinct = [...new Set(kept.map((k) => k.tensor))];
  const reading = backend.readAll([badWeights, ...distinct]);
  // The copies are queued: the tensors go back to the pool now, not when the reading settles an iteration later,
  // so the next iteration gets the same buffers (and cached bind groups) as every other one.
  badWeights.release();
  for (const t of new Set(kept.filter((k) => k.owned).map((k) => k.tensor))) t.release();
  const values = await reading;
  const bad = values[0][0];
  if (bad > 0)
    throw new NonFiniteValue('weights', `${bad} of the weights this step trains are NaN or infinite`, iteration);
  const byTensor = new Map(distinct.map((t, i) => [t, values[i + 1]]));
  const out: Record<string, number> = {};
  for (const { names, tensor } of kept) {
    const v = byTensor.get(tensor) as ArrayLike<number>;
    // A scalar under its name (read once per name even when a tensor stands under two); a vector entry by entry.
    if (names.length === 1 && v.length === 1) out[names[0]] = v[0];
    else
      names.forEach((name, k) => {
        out[name] = (out[name] ?? 0) + v[k];
      });
  }
  return { iteration, losses: out };
}
