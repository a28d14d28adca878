/** The golden tiny bundle on an engine backend, and comparison helpers, for the generator's engine tests. */
import type { Backend } from '../../../../src/engine/backend';
import { loadBundle, type ModelBundle } from '../../../../src/gan/bundle';
import { nodeFileFetch } from '../../../../src/gan/bundle/nodeFileFetch';
import { EngineMapping } from '../../../../src/gan/engine/mapping';
import { EngineSynthesis } from '../../../../src/gan/engine/synthesis';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { BUNDLE_DIR, readGolden } from '../fixtureBundle';

export interface GoldenGan {
  bundle: ModelBundle;
  weights: GanWeights;
  synthesis: EngineSynthesis;
  mapping: EngineMapping;
  release(): void;
}

export async function loadGoldenGan(backend: Backend): Promise<GoldenGan> {
  const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
  const weights = GanWeights.load(backend, bundle, { include: (name) => name.startsWith('g_ema.') });
  const synthesis = new EngineSynthesis(weights, bundle);
  const mapping = new EngineMapping(weights, bundle.config);
  return {
    bundle,
    weights,
    synthesis,
    mapping,
    release: () => {
      synthesis.release();
      weights.release();
    },
  };
}

export function golden(name: string): { shape: number[]; data: Float32Array } {
  const t = readGolden().get(name);
  if (!t) throw new Error(`golden.json has no tensor "${name}"`);
  return t;
}

/** Largest |a - b| and whether every element passes |a - b| <= atol + rtol |b|. */
export function compareTo(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  atol: number,
  rtol: number,
): { maxAbs: number; ok: boolean } {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let maxAbs = 0;
  let ok = true;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    if (!(d <= atol + rtol * Math.abs(want[i]))) ok = false;
  }
  return { maxAbs, ok };
}
