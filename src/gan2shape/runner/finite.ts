/**
 * Non-finite values stop a run where they show up. A NaN in a loss spreads through Adam into every weight within
 * one step, and every later snapshot would be garbage; so the run stops at the iteration whose losses (read back
 * every few iterations) or snapshot first show one, names the phase and the term, and the snapshot before it stays
 * the last one shown. The checks are cheap: the losses are a handful of numbers, a snapshot a few maps read back
 * anyway.
 */
import type { Snapshot } from './types';

/**
 * Thrown by a phase when something it trains went non-finite; Run adds where (phase, iteration) and stops.
 * `term` names what: a loss term, a prediction, or the weights.
 */
export class NonFiniteValue extends Error {
  /** `iteration`: the 0-based iteration of a loss reading that found it (delivered an iteration later). */
  constructor(
    readonly term: string,
    detail: string,
    readonly iteration?: number,
  ) {
    super(detail);
  }
}

/** The first loss term that is NaN or infinite, or null. */
export function nonFiniteLoss(losses: Record<string, number>): { term: string; value: number } | null {
  for (const [term, value] of Object.entries(losses)) if (!Number.isFinite(value)) return { term, value };
  return null;
}

/** The snapshot's maps and vectors a non-finite value makes meaningless (the pseudo samples are images too). */
const CHECKED: readonly (keyof Snapshot)[] = [
  'depth',
  'albedo',
  'shading',
  'normals',
  'reconstruction',
  'reconDepth',
  'view',
  'light',
  'ganImage',
];

/** The first prediction of a snapshot holding a NaN or an infinity, or null. */
export function nonFinitePrediction(snapshot: Snapshot): string | null {
  for (const key of CHECKED) {
    const values = snapshot[key] as ArrayLike<number> | undefined;
    if (values && !allFinite(values)) return key;
  }
  if (snapshot.pseudo) {
    if (!allFinite(snapshot.pseudo.images)) return 'pseudo samples';
    if (!allFinite(snapshot.pseudo.projections)) return 'projections';
  }
  return null;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
