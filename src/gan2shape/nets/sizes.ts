/** Size rules shared by the method's nets (method-reference section 2). */

/** Stride-2 levels from S down to 4x4: log2(S) - 2 (4 at 64 px, 5 at 128 px). */
export function downsamplingLevels(imageSize: number, what: string): number {
  const levels = Math.log2(imageSize) - 2;
  if (!Number.isInteger(levels) || levels < 2)
    throw new Error(`${what}: image size must be a power of two >= 16, got ${imageSize}`);
  return levels;
}

/** The paper's base width for the depth, albedo, view and light nets: max(4096 / S, 16). */
export function paperWidth(imageSize: number): number {
  return Math.max(Math.floor(4096 / imageSize), 16);
}
