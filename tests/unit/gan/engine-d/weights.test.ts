import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { BundleError } from '../../../../src/gan/bundle';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { goldenBundle } from './goldenBundle';

describe('GanWeights', () => {
  it('uploads every bundle tensor once with its gain multiplied in, frozen', async () => {
    const bundle = await goldenBundle();
    const backend = new CpuBackend();
    const weights = GanWeights.load(backend, bundle);
    expect(weights.names()).toEqual(bundle.manifest.tensors.map((t) => t.name));
    for (const name of ['d.convs.1.conv1.0.weight', 'g_ema.style.1.weight', 'd.convs.0.1.bias', 'w_avg']) {
      const t = weights.get(name);
      const entry = bundle.entry(name);
      expect(t.shape).toEqual(entry.shape);
      expect(t.requiresGrad).toBe(false);
      const stored = bundle.tensor(name);
      const got = backend.data(t);
      for (let i = 0; i < stored.length; i++) expect(got[i]).toBe(stored[i] * entry.gain);
    }
    // Gains differ from 1 where the manifest says so (equalized lr), e.g. 1/sqrt(8·3·3) for a 3x3 conv of 8 inputs.
    expect(bundle.entry('d.convs.1.conv1.0.weight').gain).toBeCloseTo(1 / Math.sqrt(72), 12);
    expect(weights.get('d.convs.1.conv1.0.weight')).toBe(weights.get('d.convs.1.conv1.0.weight'));
    weights.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('names the missing tensor, honours include, and refuses use after release', async () => {
    const bundle = await goldenBundle();
    const backend = new CpuBackend();
    const weights = GanWeights.load(backend, bundle, { include: (n) => n.startsWith('d.') });
    expect(weights.has('d.final_conv.1.bias')).toBe(true);
    expect(weights.has('g_ema.conv1.conv.weight')).toBe(false);
    expect(() => weights.get('g_ema.conv1.conv.weight')).toThrow(BundleError);
    expect(() => weights.get('d.convs.9.conv1.0.weight')).toThrow(/no tensor "d\.convs\.9\.conv1\.0\.weight"/);
    expect(backend.liveTensors).toBe(weights.names().length);
    weights.release();
    expect(backend.liveTensors).toBe(0);
    expect(() => weights.get('d.final_conv.1.bias')).toThrow(/released/);
  });
});
