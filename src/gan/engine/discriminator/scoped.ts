/**
 * Multi-op functions (the D feature pass, the feature loss) create intermediates. Inside a tape the tape owns
 * them (and needs them for backward); outside any tape nobody would release them. runScoped runs such a
 * function in a temporary tape when no owner is active and hands back only the results, caller-owned.
 */
import { noGrad } from '../../../engine/autograd/grad-mode';
import { currentOwner } from '../../../engine/autograd/ownership';
import { Tape } from '../../../engine/autograd/tape';
import type { Tensor } from '../../../engine/tensor';
import type { DiscriminatorFeatures } from './features';

export function runScoped<T extends Tensor | Tensor[]>(fn: () => T): T {
  if (currentOwner()) return fn();
  const tape = new Tape();
  try {
    const out = tape.run(() => noGrad(fn));
    for (const t of Array.isArray(out) ? out : [out]) t.keep();
    return out;
  } finally {
    tape.free();
  }
}

/**
 * D features of a constant image (no gradient wanted, e.g. the target of a feature loss): computed in a temporary
 * tape whose intermediates are freed at once, so only the features stay alive (owned by the caller's tape when
 * one is active, else by the caller) instead of every activation of the pass until the step ends.
 */
export function constantFeatures(d: DiscriminatorFeatures, x: Tensor): Tensor[] {
  const owner = currentOwner();
  const tape = new Tape();
  try {
    const feats = tape.run(() => noGrad(() => d.features(x)));
    for (const f of feats) {
      f.keep();
      owner?.adopt(f);
    }
    return feats;
  } finally {
    tape.free();
  }
}
