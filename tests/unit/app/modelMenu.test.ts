/**
 * The model menu's store: a bundle opened from disk becomes the model runs use, is kept and chosen again on the
 * next visit; a broken one says why and changes nothing; forgetting the model in use goes back to the bundled one.
 * The "next visit" is a fresh store over the same (fake) IndexedDB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetModelMenuForTests, useModelMenu } from '../../../src/app/modelMenuStore';
import { activeModelCategory, BUNDLED_MODEL, useModel } from '../../../src/app/modelStore';
import { memorySource } from '../../../src/gan/bundle';
import { BUNDLE_DIR } from '../gan/fixtureBundle';

function fixture(edit: (files: Map<string, Uint8Array>) => void = () => {}) {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(BUNDLE_DIR)) files.set(name, new Uint8Array(readFileSync(join(BUNDLE_DIR, name))));
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, category: 'church' })));
  edit(files);
  return memorySource('golden', files);
}

/** A fresh page: both stores as at load, over the given browser storage. */
function newVisit() {
  resetModelMenuForTests();
  useModel.setState({ status: { kind: 'idle' } });
  useModelMenu.setState({ status: { kind: 'opening' }, library: null, models: [], opening: null, problem: null });
}

describe('the model menu', () => {
  // The bundled model is fetched from the app's origin, which a unit test does not have: it answers 404.
  vi.stubGlobal('fetch', async () => new Response('Not Found', { status: 404 }));
  afterEach(() => useModelMenu.getState().library?.close());

  it('opens a bundle from disk for the next run, and again on the next visit', async () => {
    const browser = new IDBFactory();
    newVisit();
    await useModelMenu.getState().restore(browser);
    expect(useModel.getState().status).toMatchObject({ kind: 'failed', id: BUNDLED_MODEL.name });
    expect(activeModelCategory()).toBe('synface');

    expect(await useModelMenu.getState().openBundle(fixture(), 'zip')).toBe(true);
    expect(useModel.getState().status).toMatchObject({
      kind: 'ready',
      id: 'local:golden-tiny-64',
      name: 'golden-tiny-64',
      origin: 'zip',
      category: 'church',
      categoryDeclared: true,
    });
    expect(activeModelCategory()).toBe('church');
    expect(useModelMenu.getState().models.map((m) => [m.id, m.label, m.category])).toEqual([
      ['local:golden-tiny-64', 'golden', 'church'],
    ]);
    useModelMenu.getState().library?.close();

    newVisit();
    await useModelMenu.getState().restore(browser);
    expect(useModelMenu.getState().models).toHaveLength(1);
    const status = useModel.getState().status;
    expect(status).toMatchObject({ kind: 'ready', id: 'local:golden-tiny-64', category: 'church' });
    expect(status.kind === 'ready' && status.bundle.config.size).toBe(64);
  });

  it('refuses a broken bundle with its message and keeps the model in use', async () => {
    newVisit();
    await useModelMenu.getState().restore(new IDBFactory());
    await useModelMenu.getState().openBundle(fixture(), 'folder');
    const broken = fixture((f) => f.delete('mapping.onnx'));
    expect(await useModelMenu.getState().openBundle(broken, 'zip')).toBe(false);
    expect(useModelMenu.getState().problem).toMatch(/^golden is missing mapping.onnx/);
    expect(useModel.getState().status).toMatchObject({ kind: 'ready', id: 'local:golden-tiny-64', origin: 'folder' });
  });

  it('goes back to the bundled model when the one in use is forgotten, and remembers that', async () => {
    const browser = new IDBFactory();
    newVisit();
    await useModelMenu.getState().restore(browser);
    await useModelMenu.getState().openBundle(fixture(), 'zip');
    await useModelMenu.getState().forget('local:golden-tiny-64');
    expect(useModelMenu.getState().models).toEqual([]);
    expect(useModel.getState().status).toMatchObject({ id: BUNDLED_MODEL.name });
    expect(await useModelMenu.getState().library?.active()).toBeNull();
  });

  it('still opens a bundle for this visit when the browser keeps nothing', async () => {
    newVisit();
    const refusing = {
      open: () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    };
    await useModelMenu.getState().restore(refusing as unknown as IDBFactory);
    expect(useModelMenu.getState().status).toMatchObject({ kind: 'unavailable', message: /denied permission/ });
    expect(await useModelMenu.getState().openBundle(fixture(), 'zip')).toBe(true);
    expect(useModel.getState().status).toMatchObject({ kind: 'ready', id: 'local:golden-tiny-64' });
    expect(useModelMenu.getState().problem).toMatch(/for this visit only/);
  });
});
