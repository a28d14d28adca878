/**
 * One optimizer step on a tape, with the loss terms read back only when asked (a readback stalls the queue, so
 * steps read every few iterations): forward, backward, Adam, free, one submit. When the losses are read, the
 * weights this step trains are checked too, in the same readback (a count of NaN and infinite values): a GPU may
 * clamp a NaN weight's output to a finite map, so finite losses do not prove finite weights.
 */
import { Tape } from '../../../engine/autograd/tape';
import type { Backend } from '../../../engine/backend';
import { countNonFinite } from '../../../engine/ops/check';
import type { Adam } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { NonFiniteValue } from '../../runner/finite';

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

const isVector = (t: LossTerm): t is TermVector => 'names' in t;

/**
 * `losses()` runs on the tape and returns named scalars (or TermVectors of several); `total` is the one minimized.
 */
export async function trainIteration<Terms extends { total: Tensor }>(
  backend: Backend,
  optimizer: Adam,
  losses: () => Terms,
  read: boolean,
): Promise<Record<string, number> | undefined> {
  const tape = new Tape();
  const terms = tape.run(losses);
  tape.backward(terms.total);
  optimizer.step();
  optimizer.zeroGrad();
  const kept = read
    ? Object.entries(terms as Record<string, LossTerm>).map(([name, t]) => {
        const tensor = isVector(t) ? t.values : t;
        tensor.keep();
        return [isVector(t) ? t.names : [name], tensor] as const;
      })
    : [];
  tape.free();
  const badWeights = read ? countNonFinite(backend, optimizer.params) : null;
  if (!read || !badWeights) {
    backend.flush();
    return undefined;
  }
  // The readback's copies join this iteration's command buffer: one submit either way.
  // One tensor may stand under two names (the prior's total is its MSE): read it once. Everything in one readback.
  const distinct = [...new Set(kept.map(([, t]) => t))];
  const values = await backend.readAll([badWeights, ...distinct]);
  badWeights.release();
  for (const t of distinct) t.release();
  const bad = values[0][0];
  if (bad > 0) throw new NonFiniteValue('weights', `${bad} of the weights this step trains are NaN or infinite`);
  const byTensor = new Map(distinct.map((t, i) => [t, values[i + 1]]));
  const out: Record<string, number> = {};
  for (const [names, t] of kept) {
    const v = byTensor.get(t) as ArrayLike<number>;
    // A scalar under its name (read once per name even when a tensor stands under two); a vector entry by entry.
    if (names.length === 1 && v.length === 1) out[names[0]] = v[0];
    else
      names.forEach((name, k) => {
        out[name] = (out[name] ?? 0) + v[k];
      });
  }
  return out;
}
