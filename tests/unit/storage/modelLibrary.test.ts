/** Bundles opened from disk kept in IndexedDB (fake-indexeddb here): listed, read back, replaced, forgotten, chosen. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { localModelId, ModelLibrary, type StoredModel } from '../../../src/storage/modelLibrary';
import { RunArchiveError } from '../../../src/storage/runArchive';

let dbCount = 0;
function record(name: string, addedAt: number): StoredModel {
  return {
    id: localModelId(name),
    name,
    category: 'car',
    categoryDeclared: true,
    size: 64,
    origin: 'zip',
    label: `${name}.zip`,
    addedAt,
    bytes: 12,
    hasEncoder: false,
  };
}
const files = (...entries: [string, number[]][]) => new Map(entries.map(([n, b]) => [n, Uint8Array.from(b)]));

describe('the model library', () => {
  it('keeps bundles across visits: records oldest first, files byte for byte, the chosen one', async () => {
    const name = `models-${++dbCount}`;
    const first = await ModelLibrary.open(indexedDB, name);
    expect(await first.list()).toEqual([]);
    expect(await first.active()).toBeNull();
    await first.save(record('b', 2), files(['manifest.json', [1, 2]], ['weights.bin', [3, 4, 5]]));
    await first.save(record('a', 1), files(['manifest.json', [9]]));
    await first.setActive(localModelId('b'));
    first.close();

    const next = await ModelLibrary.open(indexedDB, name);
    expect((await next.list()).map((m) => m.name)).toEqual(['a', 'b']);
    expect(await next.active()).toBe('local:b');
    const read = await next.files('local:b');
    expect([...read.keys()].sort()).toEqual(['manifest.json', 'weights.bin']);
    expect([...(read.get('weights.bin') as Uint8Array)]).toEqual([3, 4, 5]);
    next.close();
  });

  it('replaces a bundle opened again under the same name, old files and all', async () => {
    const library = await ModelLibrary.open(indexedDB, `models-${++dbCount}`);
    await library.save(record('a', 1), files(['manifest.json', [1]], ['encoder.bin', [2]]));
    await library.save(record('a', 5), files(['manifest.json', [7]]));
    expect((await library.list()).map((m) => m.addedAt)).toEqual([5]);
    const read = await library.files('local:a');
    expect([...read.keys()]).toEqual(['manifest.json']);
    expect([...(read.get('manifest.json') as Uint8Array)]).toEqual([7]);
  });

  it('stores a view into a larger buffer as just its bytes', async () => {
    const library = await ModelLibrary.open(indexedDB, `models-${++dbCount}`);
    const big = new Uint8Array(1000).map((_, i) => i % 251);
    await library.save(record('a', 1), new Map([['weights.bin', big.subarray(10, 14)]]));
    const stored = (await library.files('local:a')).get('weights.bin') as Uint8Array;
    expect(stored.buffer.byteLength).toBe(4);
    expect([...stored]).toEqual([10, 11, 12, 13]);
  });

  it('forgets a bundle with its files and the choice of it', async () => {
    const library = await ModelLibrary.open(indexedDB, `models-${++dbCount}`);
    await library.save(record('a', 1), files(['manifest.json', [1]]));
    await library.save(record('b', 2), files(['manifest.json', [2]]));
    await library.setActive('local:a');
    await library.remove('local:a');
    expect((await library.list()).map((m) => m.name)).toEqual(['b']);
    expect(await library.active()).toBeNull();
    await expect(library.files('local:a')).rejects.toThrow(/no longer kept/);
    await library.setActive('local:b');
    await library.remove('local:a');
    expect(await library.active()).toBe('local:b');
  });

  it('says when the browser has no IndexedDB', async () => {
    await expect(ModelLibrary.open(undefined)).rejects.toThrow(RunArchiveError);
    await expect(ModelLibrary.open(undefined)).rejects.toThrow(/Models cannot be kept: this browser has no IndexedDB/);
  });
});
