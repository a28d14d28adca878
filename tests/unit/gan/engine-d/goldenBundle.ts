/** The golden tiny 64 px bundle and PyTorch's results for it, shared by the discriminator-side gan tests. */
import { loadBundle, type ModelBundle } from '../../../../src/gan/bundle';
import { nodeFileFetch } from '../../../../src/gan/bundle/nodeFileFetch';
import { BUNDLE_DIR, readGolden } from '../fixtureBundle';

let bundle: Promise<ModelBundle> | undefined;

export function goldenBundle(): Promise<ModelBundle> {
  bundle ??= loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
  return bundle;
}

let golden: Map<string, { shape: number[]; data: Float32Array }> | undefined;

/** One golden tensor by name (golden.json), e.g. 'x', 'd_feature_0', 'grad_x'. */
export function goldenTensor(name: string): { shape: number[]; data: Float32Array } {
  golden ??= readGolden();
  const t = golden.get(name);
  if (!t) throw new Error(`golden.json has no tensor "${name}" (has ${[...golden.keys()].join(', ')}).`);
  return t;
}

/** max |got - want| and the worst |got - want| / (atol + rtol |want|) (<= 1 passes). */
export function compareArrays(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  atol: number,
  rtol: number,
): { maxAbs: number; maxRel: number; worstRatio: number } {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  let worstRatio = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    const ratio = d / (atol + rtol * Math.abs(want[i]));
    maxAbs = Math.max(maxAbs, d);
    if (Math.abs(want[i]) > atol) maxRel = Math.max(maxRel, d / Math.abs(want[i]));
    worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : Math.max(worstRatio, ratio);
  }
  return { maxAbs, maxRel, worstRatio };
}

export function maxAbsOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}
