/**
 * A bundle opened from disk (issue 13, "any exported model"): a folder's files or a .zip, found wherever its
 * manifest.json sits, with a clear message for each way a bundle is broken. The broken bundles are made here from
 * the golden tiny bundle (tests/fixtures/stylegan2/bundle, written by tools/stylegan2/golden_fixtures.py through
 * export.py's write_bundle).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BundleError, bundleRoot, memorySource, readLocalBundle, zipSource } from '../../../src/gan/bundle';
import { openLocalModel } from '../../../src/gan2shape/gan/localModel';
import { BUNDLE_DIR, readManifest } from './fixtureBundle';

/** The fixture bundle's files under `prefix` ('' or 'folder/'), with `edit` applied to the name -> bytes map. */
function fixtureFiles(prefix = 'golden/', edit: (files: Map<string, Uint8Array>) => void = () => {}) {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(BUNDLE_DIR)) files.set(name, new Uint8Array(readFileSync(join(BUNDLE_DIR, name))));
  edit(files);
  return new Map([...files].map(([name, bytes]) => [prefix + name, bytes]));
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function withManifest(change: (m: ReturnType<typeof readManifest>) => unknown) {
  return fixtureFiles('golden/', (files) => files.set('manifest.json', json(change(readManifest()))));
}

async function refusal(files: Map<string, Uint8Array>, label = 'golden.zip'): Promise<string> {
  try {
    await readLocalBundle(memorySource(label, files));
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return (err as Error).message;
  }
  throw new Error('expected the bundle to be refused');
}

/** A small but well-formed pretrained encoder (the parser checks the table against the weights). */
function encoderFiles(weights = new Uint8Array(8)) {
  return {
    json: {
      format: 'gan2shape-latent-encoder',
      version: 1,
      size: 64,
      nf: 4,
      cout: 16,
      offset_layers: 3,
      weights: 'encoder.bin',
      tensors: [{ name: 'conv.weight', shape: [2], dtype: 'float32', offset: 0, byteLength: 8 }],
    },
    weights,
  };
}

describe('opening a bundle from disk', () => {
  it('finds the bundle in a sub-folder, reads what it needs and validates it', async () => {
    const files = fixtureFiles('golden/', (f) => {
      f.set('MODEL_CARD.md', new TextEncoder().encode('# Model card: golden-tiny-64\n'));
      f.set('samples.png', new Uint8Array(10));
    });
    files.set('__MACOSX/golden/._manifest.json', new Uint8Array(4));
    const read: string[] = [];
    const source = memorySource('golden', files);
    const local = await readLocalBundle({
      ...source,
      read: (p) => {
        read.push(p);
        return source.read(p);
      },
    });
    expect(local.bundle.name).toBe('golden-tiny-64');
    expect(local.card).toMatch(/^# Model card/);
    expect(local.encoder).toBeNull();
    expect([...local.files.keys()].sort()).toEqual([
      'MODEL_CARD.md',
      'manifest.json',
      'mapping.onnx',
      'synthesis.onnx',
      'weights.bin',
    ]);
    expect(read).not.toContain('golden/samples.png');
  });

  it('takes the category the bundle declares, and face when it declares none', async () => {
    const declared = await openLocalModel(
      memorySource(
        'car',
        withManifest((m) => ({ ...m, category: 'car' })),
      ),
    );
    expect(declared).toMatchObject({ category: 'car', categoryDeclared: true, encoder: null });
    const undeclared = await openLocalModel(memorySource('golden', fixtureFiles()));
    expect(undeclared).toMatchObject({ category: 'face', categoryDeclared: false });
  });

  it('says which file is missing', async () => {
    const noWeights = fixtureFiles('golden/', (f) => f.delete('weights.bin'));
    expect(await refusal(noWeights)).toMatch(
      /^golden.zip is missing weights.bin \(its manifest.json names weights.bin/,
    );
    const noManifest = fixtureFiles('golden/', (f) => f.delete('manifest.json'));
    expect(await refusal(noManifest)).toMatch(/^golden.zip has no manifest.json: a model bundle from tools\/stylegan2/);
    const twoBundles = new Map([...fixtureFiles('a/'), ...fixtureFiles('b/')]);
    expect(await refusal(twoBundles)).toMatch(
      /holds more than one model bundle \(a\/manifest.json, b\/manifest.json\)/,
    );
    // The shallowest manifest wins: a bundle that carries an older copy of itself in a sub-folder still opens.
    expect(bundleRoot({ label: 'x', paths: ['manifest.json', 'old/manifest.json'] })).toBe('');
  });

  it('says which tensor has the wrong shape', async () => {
    const files = withManifest((m) => {
      const t = m.tensors.find((e) => e.name === 'g_ema.conv1.conv.modulation.bias') as { shape: number[] };
      t.shape = [8, 2];
      return m;
    });
    expect(await refusal(files)).toMatch(
      /tensor "g_ema.conv1.conv.modulation.bias" has shape \[8, 2\], synthesis\[1\] \(styled_conv\) expects \[16\]/,
    );
  });

  it('says a weights.bin cut short is truncated', async () => {
    const files = fixtureFiles('golden/', (f) =>
      f.set('weights.bin', (f.get('weights.bin') as Uint8Array).slice(0, 9000)),
    );
    expect(await refusal(files)).toMatch(
      /Bundle "golden-tiny-64" does not match its weights.bin:\n {2}- weights.bin is truncated: it has 9000 bytes, the tensor table needs 178752/,
    );
  });

  it('refuses another format version, or a category it does not know', async () => {
    expect(await refusal(withManifest((m) => ({ ...m, version: 2 })))).toBe(
      'golden.zip: manifest.json: version 2 is not supported (this app reads version 1).',
    );
    expect(await refusal(withManifest((m) => ({ ...m, category: 'dog' })))).toMatch(
      /category "dog" is not one of face, cat, car, church, synface/,
    );
    const notJson = fixtureFiles('golden/', (f) => f.set('manifest.json', new TextEncoder().encode('{ nope')));
    expect(await refusal(notJson)).toMatch(/^golden.zip: manifest.json is not valid JSON/);
  });

  it('brings the pretrained encoder along, and names its missing or broken file', async () => {
    const { json: encoder, weights } = encoderFiles();
    const withEncoder = fixtureFiles('golden/', (f) => {
      f.set('encoder.json', json(encoder));
      f.set('encoder.bin', weights);
    });
    const model = await openLocalModel(memorySource('golden', withEncoder));
    expect(model.encoder).toMatchObject({ size: 64, nf: 4, cout: 16, offsetLayers: 3 });
    expect(model.files.has('encoder.bin')).toBe(true);

    const noWeights = fixtureFiles('golden/', (f) => f.set('encoder.json', json(encoder)));
    expect(await refusal(noWeights)).toMatch(/^golden.zip is missing encoder.bin: its encoder.json/);
    const cut = fixtureFiles('golden/', (f) => {
      f.set('encoder.json', json(encoder));
      f.set('encoder.bin', new Uint8Array(4));
    });
    await expect(openLocalModel(memorySource('golden', cut))).rejects.toThrow(
      /encoder.json: conv.weight lies outside encoder.bin \(4 bytes\): truncated download\?/,
    );
  });
});

describe('a zipped bundle', () => {
  const zipped = (files: Map<string, Uint8Array>) => zipSync(Object.fromEntries(files), { level: 1 });

  it('opens from a zip of the folder', async () => {
    const files = fixtureFiles('golden-tiny-64/');
    files.set('golden-tiny-64/samples.png', new Uint8Array(100));
    const source = zipSource('golden-tiny-64.zip', zipped(files));
    expect(source.paths).toContain('golden-tiny-64/samples.png');
    // Only a bundle's kinds of file are inflated.
    await expect(source.read('golden-tiny-64/samples.png')).rejects.toThrow(/has no golden-tiny-64\/samples.png/);
    const local = await readLocalBundle(source);
    expect(local.bundle.config.size).toBe(64);
    expect(local.files.get('weights.bin')?.byteLength).toBe(178752);
  });

  it('says when a file is not a zip, and when a zip is broken', async () => {
    expect(() => zipSource('notes.zip', new TextEncoder().encode('not a zip at all'))).toThrow(
      /^notes.zip could not be read as a zip archive \(.+\): zip the bundle folder, or open the folder itself.$/,
    );
    const whole = zipped(fixtureFiles());
    expect(() => zipSource('cut.zip', whole.slice(0, whole.length / 2))).toThrow(BundleError);
  });

  it('says which file a zip lacks', async () => {
    const source = zipSource('x.zip', zipped(fixtureFiles('', (f) => f.delete('synthesis.onnx'))));
    await expect(readLocalBundle(source)).rejects.toThrow(/^x.zip is missing synthesis.onnx/);
  });
});
