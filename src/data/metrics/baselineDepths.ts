// Method-free reference rows of the synthetic-face table: constant null depth and the average ground-truth
// depth of the test set. The ellipsoid-prior row needs the method's own prior, so it lives with the method
// (src/gan2shape/eval/baselines.ts): src/data never imports src/gan2shape.

export function constantDepth(size: number, value = 1): Float64Array {
  return new Float64Array(size * size).fill(value);
}

export function averageDepth(maps: ArrayLike<number>[], size: number): Float64Array {
  if (maps.length === 0) throw new Error('averageDepth: no depth maps');
  const out = new Float64Array(size * size);
  for (const m of maps) {
    if (m.length !== size * size) throw new Error('averageDepth: a map has the wrong size');
    for (let i = 0; i < out.length; i++) out[i] += m[i] / maps.length;
  }
  return out;
}
