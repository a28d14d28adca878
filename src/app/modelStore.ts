/**
 * The GAN model the method runs with: the bundled default (public/models/synface-64) loaded once per page with
 * download progress. The engine-side discriminator (the perceptual loss of steps 1 and 3) is built per engine
 * backend on first use, so a restarted GPU device gets fresh weights on its own device.
 */
import { create } from 'zustand';
import type { Backend } from '../engine/backend';
import { type BundleProgress, loadBundle, type ModelBundle } from '../gan/bundle';
import { DiscriminatorFeatures } from '../gan/engine/discriminator';
import { GanWeights } from '../gan/engine/weights';
import { discriminatorPerceptual, type PerceptualLoss } from '../gan2shape/method/perceptual';

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; name: string; progress: BundleProgress | null }
  | { kind: 'ready'; name: string; bundle: ModelBundle }
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
      set({ status: { kind: 'ready', name, bundle } });
    } catch (err) {
      set({ status: { kind: 'failed', name, message: err instanceof Error ? err.message : String(err) } });
    }
  },
}));

const perceptualByBackend = new WeakMap<Backend, { bundle: ModelBundle; loss: PerceptualLoss }>();

/** The discriminator-feature perceptual loss of a loaded bundle on a backend (weights uploaded once). */
export function perceptualFor(backend: Backend, bundle: ModelBundle): PerceptualLoss {
  const cached = perceptualByBackend.get(backend);
  if (cached?.bundle === bundle) return cached.loss;
  // Only the discriminator's tensors: the generator runs on ORT here, its weights need not be on the engine too.
  const weights = GanWeights.load(backend, bundle, { include: (name) => name.startsWith('d.') });
  const loss = discriminatorPerceptual(new DiscriminatorFeatures(weights, bundle.manifest), bundle.config.size);
  perceptualByBackend.set(backend, { bundle, loss });
  return loss;
}
