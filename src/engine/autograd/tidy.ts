/**
 * tidy(fn): runs fn without gradients in a scope that frees every tensor fn creates, except the tensors it
 * returns (a tensor, or arrays / plain objects of them, nested). The results go to the enclosing owner (a tape)
 * when one is active, else to the caller. This is the safe way to run a forward pass outside a training tape
 * (snapshots, a step's frozen inputs): without it every intermediate of such a pass would stay alive.
 */

import { Tensor } from '../tensor';
import { noGrad } from './grad-mode';
import { currentOwner } from './ownership';
import { Tape } from './tape';

export function tidy<T>(fn: () => T): T {
  const owner = currentOwner();
  const scope = new Tape();
  try {
    const out = scope.run(() => noGrad(fn));
    for (const t of tensorsIn(out)) {
      // Only what this scope created changes hands; a tensor passed through from outside stays where it was.
      if (t.owner !== scope) continue;
      t.keep();
      owner?.adopt(t);
    }
    return out;
  } finally {
    scope.free();
  }
}

function* tensorsIn(value: unknown, seen = new Set<unknown>()): Generator<Tensor> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Tensor) {
    yield value;
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) yield* tensorsIn(v, seen);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) yield* tensorsIn(v, seen);
}
