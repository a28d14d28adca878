/**
 * Model bundles the user opened from disk, kept in the browser (IndexedDB, through `idb`) so the model menu lists
 * them on the next visit and the one last chosen opens again without asking for the folder. Framework-free like
 * runArchive.ts, whose patterns it follows: the IDBFactory is passed in (`fake-indexeddb` in the unit tests),
 * failures are RunArchiveErrors classified as full / unavailable / missing, and a record and its files are written
 * in one transaction that aborts as a whole.
 *
 * Layout (its own database, so the run archive's schema never moves for it): store `models` holds one small
 * record per bundle (what the menu and the model card show), store `files` its files under [modelId, name], and
 * store `settings` the id of the model the page uses ('active'; the bundled model when absent).
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, wrap } from 'idb';
import type { BundleCategory } from '../gan/bundle/manifest';
import { RunArchiveError } from './runArchive';

export const LIBRARY_DB = 'gan2shape-models';
const VERSION = 1;
const ACTIVE = 'active';

export interface StoredModel {
  /** 'local:' + the bundle's name: opening a bundle of the same name again replaces it. */
  id: string;
  name: string;
  category: BundleCategory;
  categoryDeclared: boolean;
  /** Image size of the generator. */
  size: number;
  /** How it was opened and what it was called there (a folder or zip name). */
  origin: 'folder' | 'zip';
  label: string;
  addedAt: number;
  bytes: number;
  hasEncoder: boolean;
}

interface LibrarySchema extends DBSchema {
  models: { key: string; value: StoredModel; indexes: { byAdded: number } };
  files: { key: [string, string]; value: { modelId: string; name: string; bytes: Uint8Array } };
  settings: { key: string; value: { key: string; value: string } };
}

type WriteTx = IDBPTransaction<LibrarySchema, ('models' | 'files' | 'settings')[], 'readwrite'>;

/** As runArchive's classify(), in words about models: full, or refused (private mode, blocked, denied). */
function classify(err: unknown, doing: string): RunArchiveError {
  if (err instanceof RunArchiveError) return err;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError')
    return new RunArchiveError(
      'full',
      `The browser's storage for this page is full (${doing}): forget a model or delete old runs.`,
    );
  return new RunArchiveError('unavailable', `Models cannot be kept in this browser (${doing}: ${text}).`);
}

/** Its own copy when `bytes` views part of a larger buffer: IndexedDB would store the whole buffer. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

export function localModelId(name: string): string {
  return `local:${name}`;
}

export class ModelLibrary {
  private constructor(private readonly db: IDBPDatabase<LibrarySchema>) {}

  static async open(factory: IDBFactory | undefined, name = LIBRARY_DB): Promise<ModelLibrary> {
    if (!factory) throw new RunArchiveError('unavailable', 'Models cannot be kept: this browser has no IndexedDB.');
    try {
      // As in runArchive.ts: open on the given factory (idb's openDB always uses the global one) and wrap.
      const request = factory.open(name, VERSION);
      request.addEventListener('upgradeneeded', () => {
        const database = request.result;
        database.createObjectStore('models', { keyPath: 'id' }).createIndex('byAdded', 'addedAt');
        database.createObjectStore('files', { keyPath: ['modelId', 'name'] });
        database.createObjectStore('settings', { keyPath: 'key' });
      });
      return new ModelLibrary((await wrap(request)) as unknown as IDBPDatabase<LibrarySchema>);
    } catch (err) {
      throw classify(err, 'opening the model library');
    }
  }

  close(): void {
    this.db.close();
  }

  /** Stores a bundle's record and files (replacing a stored bundle of the same id and all its old files). */
  async save(model: StoredModel, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    let tx: WriteTx | null = null;
    try {
      tx = this.writeTx();
      const done = tx.done;
      done.catch(() => undefined);
      const store = tx.objectStore('files');
      await store.delete(IDBKeyRange.bound([model.id, ''], [model.id, '\uffff']));
      for (const [name, bytes] of files) await store.put({ modelId: model.id, name, bytes: ownBytes(bytes) });
      await tx.objectStore('models').put(model);
      await done;
    } catch (err) {
      const txError = tx?.error ?? null;
      try {
        tx?.abort();
      } catch {
        // already finished or aborted
      }
      throw classify(txError?.name === 'QuotaExceededError' ? txError : err, `keeping the model ${model.name}`);
    }
  }

  private writeTx(): WriteTx {
    return this.db.transaction(['models', 'files', 'settings'], 'readwrite');
  }

  /** Every stored bundle, oldest first (records only). */
  async list(): Promise<StoredModel[]> {
    try {
      return await this.db.getAllFromIndex('models', 'byAdded');
    } catch (err) {
      throw classify(err, 'listing the kept models');
    }
  }

  /** A stored bundle's files by plain name. */
  async files(id: string): Promise<Map<string, Uint8Array>> {
    try {
      const all = await this.db.getAll('files', IDBKeyRange.bound([id, ''], [id, '\uffff']));
      if (all.length === 0) throw new RunArchiveError('missing', `The model ${id} is no longer kept in this browser.`);
      return new Map(all.map((f) => [f.name, f.bytes]));
    } catch (err) {
      throw classify(err, 'reading a kept model');
    }
  }

  /** Forgets a bundle (and the choice of it). */
  async remove(id: string): Promise<void> {
    try {
      const tx = this.writeTx();
      const active = await tx.objectStore('settings').get(ACTIVE);
      await Promise.all([
        tx.objectStore('models').delete(id),
        tx.objectStore('files').delete(IDBKeyRange.bound([id, ''], [id, '\uffff'])),
        active?.value === id ? tx.objectStore('settings').delete(ACTIVE) : Promise.resolve(),
      ]);
      await tx.done;
    } catch (err) {
      throw classify(err, 'forgetting a model');
    }
  }

  /** The id of the model the page should use, null for the bundled default. */
  async active(): Promise<string | null> {
    try {
      return (await this.db.get('settings', ACTIVE))?.value ?? null;
    } catch (err) {
      throw classify(err, 'reading the chosen model');
    }
  }

  async setActive(id: string | null): Promise<void> {
    try {
      if (id === null) await this.db.delete('settings', ACTIVE);
      else await this.db.put('settings', { key: ACTIVE, value: id });
    } catch (err) {
      throw classify(err, 'remembering the chosen model');
    }
  }
}
