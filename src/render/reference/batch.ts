/**
 * Batch conventions shared by the renderer: an input's batch is either the number of views B or 1, and a batch of
 * 1 is broadcast over the views (one canonical depth / albedo rendered into many views). Backward passes sum the
 * gradients of a broadcast input over the views.
 */

/** Which element of an input with `inputBatch` entries view `b` reads. */
export function broadcastIndex(inputBatch: number, b: number): number {
  return inputBatch === 1 ? 0 : b;
}

/** Throws unless `inputBatch` is 1 or `views`. */
export function checkBroadcast(what: string, inputBatch: number, views: number): void {
  if (!(inputBatch === 1 || inputBatch === views)) {
    throw new Error(`${what}: batch ${inputBatch} must be 1 or the number of views ${views}`);
  }
}

/** Throws unless `data` has exactly `expected` numbers. */
export function checkLength(what: string, data: ArrayLike<number>, expected: number, shape: string): void {
  if (data.length !== expected) {
    throw new Error(`${what}: expected ${expected} values (${shape}), got ${data.length}`);
  }
}
