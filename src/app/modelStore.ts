/**
 * The GAN model the method runs with: the bundled default (public/models/synface-64, downloaded with progress) or
 * a bundle the user opened from disk (modelLibrary.ts hands it over already read and validated). Runs take
 * whatever is ready here when they start. The method's view of it (the engine-side discriminator, the perceptual
 * loss of steps 1 and 3) is built per engine backend on first use, so a restarted GPU device gets fresh weights on
 * its own device.
 */
import { create } from 'zustand';
import type { Backend } from '../engine/backend';
import { type BundleCategory, type BundleProgress, bundleCategory, loadBundle, type ModelBundle } from '../gan/bundle';
import type { LocalModel } from '../gan2shape/gan/localModel';
import { loadPretrainedEncoder, type PretrainedEncoder } from '../gan2shape/gan/pretrainedEncoder';
import { type MethodModel, methodModel } from '../gan2shape/start';

/**
 * The model bundled with the app. Its manifest declares 'synface'; the category is known here before the bundle
 * has loaded, so an image dropped meanwhile is cropped and masked for it.
 */
export const BUNDLED_MODEL: { name: string; category: BundleCategory } = { name: 'synface-64', category: 'synface' };

export type ModelOrigin = 'bundled' | 'folder' | 'zip';

export interface ReadyModel {
  /** The bundled model's name, or a stored bundle's id (modelLibrary.ts). */
  id: string;
  name: string;
  origin: ModelOrigin;
  bundle: ModelBundle;
  encoder: PretrainedEncoder | null;
  /** MODEL_CARD.md's text, when the bundle has one. */
  card: string | null;
  category: BundleCategory;
  categoryDeclared: boolean;
}

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; id: string; name: string; progress: BundleProgress | null; category: BundleCategory | null }
  | ({ kind: 'ready' } & ReadyModel)
  | { kind: 'failed'; id: string; name: string; message: string };

interface ModelState {
  status: ModelStatus;
  /** Loads the bundled model `name` from the app's own origin (a no-op when it is loading or ready already). */
  load: (name: string) => Promise<void>;
  /**
   * Makes a model from disk the one runs use. `open` reads and validates it (a stored bundle's files, or what the
   * user just opened); `category` is known beforehand for a stored one. Returns whether it is ready.
   */
  loadLocal: (
    id: string,
    name: string,
    origin: 'folder' | 'zip',
    open: () => Promise<LocalModel>,
    category?: BundleCategory,
  ) => Promise<boolean>;
}

/** Bundles live under the app's base URL in models/NAME (public/models in the repository). */
export function modelUrl(name: string): string {
  const base = typeof import.meta.env?.BASE_URL === 'string' ? import.meta.env.BASE_URL : '/';
  return `${base}models/${name}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A served MODEL_CARD.md, or null (none, or the server's page for a missing file). */
async function fetchCard(base: string): Promise<string | null> {
  try {
    const response = await globalThis.fetch(`${base}/MODEL_CARD.md`);
    if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) return null;
    return await response.text();
  } catch {
    return null;
  }
}

export const useModel = create<ModelState>((set, get) => {
  /** The latest load wins: one that finishes after another was asked for changes nothing. */
  const current = (id: string) => {
    const s = get().status;
    return s.kind !== 'idle' && s.id === id;
  };
  return {
    status: { kind: 'idle' },

    async load(name) {
      const s = get().status;
      if ((s.kind === 'loading' || s.kind === 'ready') && s.id === name) return;
      const category = name === BUNDLED_MODEL.name ? BUNDLED_MODEL.category : null;
      set({ status: { kind: 'loading', id: name, name, progress: null, category } });
      try {
        const url = modelUrl(name);
        const bundle = await loadBundle(url, {
          onProgress: (progress) => {
            const now = get().status;
            if (now.kind === 'loading' && now.id === name) set({ status: { ...now, progress } });
          },
        });
        // The model's pretrained latent-offset encoder is optional (null when the folder has none).
        const encoder = await loadPretrainedEncoder(url, (u, init) => globalThis.fetch(u, init));
        const card = await fetchCard(url);
        const declared = bundleCategory(bundle.manifest);
        if (!current(name)) return;
        set({
          status: {
            kind: 'ready',
            id: name,
            name,
            origin: 'bundled',
            bundle,
            encoder,
            card,
            category: declared.category,
            categoryDeclared: declared.declared,
          },
        });
      } catch (err) {
        if (current(name)) set({ status: { kind: 'failed', id: name, name, message: messageOf(err) } });
      }
    },

    async loadLocal(id, name, origin, open, category) {
      set({ status: { kind: 'loading', id, name, progress: null, category: category ?? null } });
      try {
        const model = await open();
        if (!current(id)) return false;
        const { files: _files, ...ready } = model;
        set({ status: { kind: 'ready', id, name: model.bundle.name, origin, ...ready } });
        return true;
      } catch (err) {
        if (current(id)) set({ status: { kind: 'failed', id, name, message: messageOf(err) } });
        return false;
      }
    },
  };
});

/**
 * The category the page crops and masks for: the active model's, or the one it is loading when that is known,
 * else the bundled model's (the prior fit still runs when no model loads).
 */
export function modelCategory(status: ModelStatus): BundleCategory {
  if (status.kind === 'ready') return status.category;
  if (status.kind === 'loading' && status.category) return status.category;
  return BUNDLED_MODEL.category;
}

/** The active model's category, for React components (the intake's crop rule and mask). */
export function useModelCategory(): BundleCategory {
  return useModel((s) => modelCategory(s.status));
}

/** The active model's category, outside React. */
export function activeModelCategory(): BundleCategory {
  return modelCategory(useModel.getState().status);
}

const modelByBackend = new WeakMap<Backend, { bundle: ModelBundle; model: MethodModel }>();

/** The bundle made usable by the method on a backend; its generator and discriminator are uploaded once. */
export function methodModelFor(backend: Backend, bundle: ModelBundle, encoder: PretrainedEncoder | null): MethodModel {
  const cached = modelByBackend.get(backend);
  if (cached?.bundle === bundle) return cached.model;
  cached?.model.release();
  const model = methodModel(backend, bundle, encoder);
  modelByBackend.set(backend, { bundle, model });
  return model;
}
