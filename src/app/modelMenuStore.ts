/**
 * The model menu's side of the page: the bundled model and the bundles the user opened from disk (kept in
 * IndexedDB by src/storage/modelLibrary.ts), which one runs use, and opening a new bundle (validated first; a
 * broken one says why and changes nothing). The choice is remembered: on the next visit `restore` opens the model
 * last chosen. Without IndexedDB a bundle still opens for this visit; the menu says it will not be kept.
 */
import { create } from 'zustand';
import type { BundleFileSource } from '../gan/bundle';
import { memorySource } from '../gan/bundle/localBundle';
import { openLocalModel } from '../gan2shape/gan/localModel';
import { localModelId, ModelLibrary, type StoredModel } from '../storage/modelLibrary';
import { BUNDLED_MODEL, useModel } from './modelStore';

export type LibraryStatus = { kind: 'opening' } | { kind: 'ready' } | { kind: 'unavailable'; message: string };

interface ModelMenuState {
  status: LibraryStatus;
  library: ModelLibrary | null;
  /** The bundles kept in this browser, oldest first. */
  models: StoredModel[];
  /** What is being opened from disk now (a folder or zip name). */
  opening: string | null;
  /** Why the last bundle opened from disk was refused, or could not be kept. */
  problem: string | null;
  /** Opens the library and the model chosen last (the bundled one the first time); once per page. */
  restore: (factory?: IDBFactory) => Promise<void>;
  /** Reads, validates, keeps and chooses a bundle from disk; false (with `problem` set) when it is refused. */
  openBundle: (source: BundleFileSource, origin: 'folder' | 'zip') => Promise<boolean>;
  /** Makes the bundled model or a kept one the model runs use. */
  choose: (id: string) => Promise<void>;
  /** Forgets a kept bundle; when it was the one in use the bundled model takes its place. */
  forget: (id: string) => Promise<void>;
  /** Tells the menu of a bundle refused before it could be read (e.g. a drop that is neither folder nor zip). */
  refuse: (message: string) => void;
}

let restoring: Promise<void> | null = null;

/** The id of the model loading, ready or failed in the model store (null before any). */
export function activeModelId(): string | null {
  const status = useModel.getState().status;
  return status.kind === 'idle' ? null : status.id;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const useModelMenu = create<ModelMenuState>((set, get) => {
  /** Loads kept bundle `id` from the library into the model store. */
  async function loadKept(library: ModelLibrary, id: string): Promise<boolean> {
    const record = get().models.find((m) => m.id === id);
    if (!record) return false;
    return useModel
      .getState()
      .loadLocal(
        id,
        record.name,
        record.origin,
        async () => openLocalModel(memorySource(record.label, await library.files(id))),
        record.category,
      );
  }

  /** Remembers the choice; a library that refuses only costs the memory of it. */
  async function remember(id: string | null): Promise<void> {
    try {
      await get().library?.setActive(id);
    } catch (err) {
      set({ problem: `The choice of model will not be remembered: ${messageOf(err)}` });
    }
  }

  return {
    status: { kind: 'opening' },
    library: null,
    models: [],
    opening: null,
    problem: null,

    restore(factory = globalThis.indexedDB) {
      restoring ??= (async () => {
        let library: ModelLibrary | null = null;
        let active: string | null = null;
        try {
          library = await ModelLibrary.open(factory);
          const models = await library.list();
          active = await library.active();
          set({ library, models, status: { kind: 'ready' } });
        } catch (err) {
          set({ library: null, status: { kind: 'unavailable', message: messageOf(err) } });
        }
        if (library && active) {
          if (await loadKept(library, active)) return;
          const failed = useModel.getState().status;
          if (failed.kind === 'failed')
            set({ problem: `The model chosen last, ${failed.name}, could not be opened: ${failed.message}` });
        }
        await useModel.getState().load(BUNDLED_MODEL.name);
      })();
      return restoring;
    },

    async openBundle(source, origin) {
      set({ opening: source.label, problem: null });
      let opened: Awaited<ReturnType<typeof openLocalModel>>;
      try {
        opened = await openLocalModel(source);
      } catch (err) {
        set({ opening: null, problem: messageOf(err) });
        return false;
      }
      const record: StoredModel = {
        id: localModelId(opened.bundle.name),
        name: opened.bundle.name,
        category: opened.category,
        categoryDeclared: opened.categoryDeclared,
        size: opened.bundle.config.size,
        origin,
        label: source.label,
        addedAt: Date.now(),
        bytes: [...opened.files.values()].reduce((a, f) => a + f.byteLength, 0),
        hasEncoder: opened.encoder !== null,
      };
      const library = get().library;
      let problem: string | null = library
        ? null
        : 'This bundle is used for this visit only: the browser does not let the page keep it.';
      if (library) {
        try {
          await library.save(record, opened.files);
          const models = await library.list();
          set({ models });
        } catch (err) {
          problem = `This bundle is used for this visit only: ${messageOf(err)}`;
        }
      }
      set({ opening: null, problem });
      await useModel.getState().loadLocal(record.id, record.name, origin, async () => opened);
      if (!problem) await remember(record.id);
      return true;
    },

    async choose(id) {
      set({ problem: null });
      const library = get().library;
      if (id === BUNDLED_MODEL.name) {
        await remember(null);
        await useModel.getState().load(BUNDLED_MODEL.name);
      } else if (library) {
        await remember(id);
        await loadKept(library, id);
      }
    },

    async forget(id) {
      const library = get().library;
      if (!library) return;
      try {
        await library.remove(id);
        set({ models: await library.list() });
      } catch (err) {
        set({ problem: messageOf(err) });
        return;
      }
      if (activeModelId() === id) await useModel.getState().load(BUNDLED_MODEL.name);
    },

    refuse: (message) => set({ problem: message, opening: null }),
  };
});

/** Tests only: lets `restore` run again against a fresh store. */
export function resetModelMenuForTests(): void {
  restoring = null;
}
