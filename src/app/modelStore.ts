/**
 * The GAN model the method runs with: the bundled default (public/models/synface-64) loaded once per page with
 * download progress. The method's view of it (the engine-side discriminator, the perceptual loss of steps 1 and 3)
 * is built per engine backend on first use, so a restarted GPU device gets fresh weights on its own device.
 */
import { create } from 'zustand';
import type { Backend } from '../engine/backend';
import { type BundleProgress, loadBundle, type ModelBundle } from '../gan/bundle';
import { loadPretrainedEncoder, type PretrainedEncoder } from '../gan2shape/gan/pretrainedEncoder';
import { type MethodModel, methodModel } from '../gan2shape/start';

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; name: string; progress: BundleProgress | null }
  | { kind: 'ready'; name: string; bundle: ModelBundle; encoder: PretrainedEncoder | null }
  | { kind: 'failed'; name: string; message: string };

interface ModelState {
  status: ModelStatus;
  load: (name: string) => Promise<void>;
}

/** Bundles live under the app's base URL in models/NAME (public/models in the repository). */
export function modelUrl(name: string): string {
  const base = typeof import.meta.env?.BASE_URL === 'string' ? import.meta.env.BASE_URL : '/';
  return `${base}models/${name}`;
}

export const useModel = create<ModelState>((set, get) => ({
  status: { kind: 'idle' },
  async load(name) {
    const current = get().status;
    if ((current.kind === 'loading' || current.kind === 'ready') && current.name === name) return;
    set({ status: { kind: 'loading', name, progress: null } });
    try {
      const bundle = await loadBundle(modelUrl(name), {
        onProgress: (progress) => {
          const s = get().status;
          if (s.kind === 'loading' && s.name === name) set({ status: { kind: 'loading', name, progress } });
        },
      });
      // The model's pretrained latent-offset encoder is optional (null when the folder has none).
      const encoder = await loadPretrainedEncoder(modelUrl(name), (url, init) => globalThis.fetch(url, init));
      set({ status: { kind: 'ready', name, bundle, encoder } });
    } catch (err) {
      set({ status: { kind: 'failed', name, message: err instanceof Error ? err.message : String(err) } });
    }
  },
}));

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
