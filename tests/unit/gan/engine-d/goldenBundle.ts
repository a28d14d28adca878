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
