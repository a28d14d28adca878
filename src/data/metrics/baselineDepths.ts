// The reference rows of the synthetic-face table: constant null depth, the average ground-truth depth of
// the test set, and GAN2Shape's ellipsoid depth prior built from the object mask. The ellipsoid is the
// method's own code (src/gan2shape/prior), so the table scores exactly the shape every reconstruction
// starts from.
import { ellipsoidPrior, type PriorCategory } from '../../gan2shape/prior/ellipsoid';

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

/** GAN2Shape's ellipsoid prior (the method's own implementation) from a 0/255 object mask. */
export function ellipsoidFromMask(mask: Uint8Array, size: number, category: PriorCategory = 'synface'): Float32Array {
  return ellipsoidPrior(
    Float32Array.from(mask, (m) => m / 255),
    size,
    { category },
  );
}
