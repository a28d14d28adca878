import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Random } from '../../../src/engine/random';
import { nodeFileFetch } from '../../../src/gan/bundle/nodeFileFetch';
import { loadPretrainedEncoder, parsePretrainedEncoder } from '../../../src/gan2shape/gan/pretrainedEncoder';
import { ResEncoder } from '../../../src/gan2shape/nets/resEncoder';

/** encoder.json + encoder.bin as tools/gan2shape/pretrain_encoder.py writes them, from a net's own weights. */
async function files(net: ResEncoder) {
  const entries = await net.exportState();
  const tensors = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(entries)) {
    const data = Float32Array.from(t.data);
    tensors.push({ name, shape: t.shape, dtype: 'float32', offset, byteLength: data.byteLength });
    chunks.push(data);
    offset += data.byteLength;
  }
  const bin = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    bin.set(new Uint8Array(c.buffer), at);
    at += c.byteLength;
  }
  const json = {
    format: 'gan2shape-latent-encoder',
    version: 1,
    size: 16,
    nf: 4,
    cout: 8,
    offset_layers: 3,
    weights: 'encoder.bin',
    tensors,
  };
  return { json, bin };
}

describe('pretrained latent-offset encoder files', () => {
  it('round-trips a ResEncoder: the imported net computes the same codes', async () => {
    const backend = new CpuBackend();
    const options = { imageSize: 16, outChannels: 8, nf: 4 };
    const a = new ResEncoder(backend, new Random(1), options);
    const b = new ResEncoder(backend, new Random(2), options);
    const { json, bin } = await files(a);
    const parsed = parsePretrainedEncoder(json, bin);
    expect(parsed).toMatchObject({ size: 16, nf: 4, cout: 8, offsetLayers: 3 });
    b.importState(Object.fromEntries(parsed.tensors));
    const x = backend.fromArray(new Random(3).normalArray(2 * 3 * 16 * 16), [2, 3, 16, 16]);
    const ya = await a.forward(x).read();
    const yb = await b.forward(x).read();
    for (let i = 0; i < ya.length; i++) expect(yb[i]).toBeCloseTo(ya[i], 5);
  });

  it('says what is wrong with a broken file', async () => {
    const { json, bin } = await files(
      new ResEncoder(new CpuBackend(), new Random(1), { imageSize: 16, outChannels: 8, nf: 4 }),
    );
    expect(() => parsePretrainedEncoder({ ...json, format: 'x' }, bin)).toThrow(/format/);
    expect(() => parsePretrainedEncoder({ ...json, version: 9 }, bin)).toThrow(/version 9/);
    expect(() => parsePretrainedEncoder({ ...json, nf: 0 }, bin)).toThrow(/nf/);
    expect(() => parsePretrainedEncoder(json, bin.subarray(0, bin.length - 8))).toThrow(/truncated/);
    const wrongShape = { ...json, tensors: json.tensors.map((t, i) => (i === 0 ? { ...t, shape: [1, 2] } : t)) };
    expect(() => parsePretrainedEncoder(wrongShape, bin)).toThrow(/bytes for shape/);
  });

  it("loads the default model's encoder into the method's E, and reports none for a bundle without one", async () => {
    const encoder = await loadPretrainedEncoder('', nodeFileFetch('public/models/synface-64'));
    expect(encoder).not.toBeNull();
    const e = encoder!;
    expect(e).toMatchObject({ size: 64, cout: 256, offsetLayers: 3 });
    const net = new ResEncoder(new CpuBackend(), new Random(1), { imageSize: 64, outChannels: 256, nf: e.nf });
    expect([...e.tensors.keys()]).toEqual(net.namedParameters().map(([name]) => name));
    net.importState(Object.fromEntries(e.tensors));
    net.release();
    expect(await loadPretrainedEncoder('', nodeFileFetch('tests/fixtures/stylegan2/bundle'))).toBeNull();
  });
});
