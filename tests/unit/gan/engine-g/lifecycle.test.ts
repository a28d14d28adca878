/** EngineSynthesis ownership: a missing weight is a clear error that leaks nothing; release frees what it derived. */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { loadBundle } from '../../../../src/gan/bundle';
import { nodeFileFetch } from '../../../../src/gan/bundle/nodeFileFetch';
import { EngineSynthesis, generatorWeightFilter } from '../../../../src/gan/engine/synthesis';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { BUNDLE_DIR } from '../fixtureBundle';

describe('EngineSynthesis lifecycle', () => {
  it('names a tensor missing from the GanWeights and frees what it had derived', async () => {
    const backend = new CpuBackend();
    const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
    const missing = 'g_ema.to_rgbs.3.conv.modulation.weight';
    const weights = GanWeights.load(backend, bundle, { include: (n) => generatorWeightFilter(n) && n !== missing });
    const live = backend.liveTensors;
    expect(() => new EngineSynthesis(weights, bundle)).toThrow(missing);
    expect(backend.liveTensors).toBe(live);
    weights.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('release frees the derived conv layouts and refuses later use; the GanWeights stay alive', async () => {
    const backend = new CpuBackend();
    const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
    const weights = GanWeights.load(backend, bundle, { include: generatorWeightFilter });
    const live = backend.liveTensors;
    const synthesis = new EngineSynthesis(weights, bundle);
    expect(backend.liveTensors).toBeGreaterThan(live);
    synthesis.release();
    expect(backend.liveTensors).toBe(live);
    const w = backend.zeros([1, 16]);
    expect(() => synthesis.forward(w)).toThrow(/released/);
    w.release();
    weights.release();
    expect(backend.liveTensors).toBe(0);
  });
});
