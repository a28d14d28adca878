/** Shape helpers shared by every backend and op. Shapes are NCHW for images, row-major everywhere. */
export type Shape = readonly number[];

/** Number of elements; throws for non-integer or non-positive dimensions (empty tensors are not supported). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d <= 0)
      throw new Error(`Invalid shape [${shape.join(', ')}]: dimensions must be positive integers.`);
    size *= d;
  }
  return size;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a readable error when `shape` is not what an op expects. */
export function expectRank(what: string, shape: Shape, rank: number): void {
  if (shape.length !== rank) throw new Error(`${what} must have rank ${rank}, got shape ${formatShape(shape)}.`);
}
