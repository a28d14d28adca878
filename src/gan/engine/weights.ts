/**
 * A bundle's tensors on the engine, uploaded once with the equalized-learning-rate `gain` of their manifest entry
 * already multiplied in (docs/MODEL_BUNDLE.md "tensors and weights.bin"). They are frozen (requiresGrad false):
 * gradients flow through the ops that use them to their other inputs, never into the weights. The tensors
 * belong to this object (outside any tape); release() frees them all.
 */
import type { Backend } from '../../engine/backend';
import type { Tensor } from '../../engine/tensor';
import { BundleError } from '../bundle/errors';
import type { ModelBundle } from '../bundle/modelBundle';

export interface GanWeightsOptions {
  /** Upload only the tensors whose name passes (e.g. `(n) => n.startsWith('d.')`); default all. */
  include?: (name: string) => boolean;
}

export class GanWeights {
  private released = false;

  private constructor(
    readonly backend: Backend,
    readonly bundleName: string,
    private readonly tensors: Map<string, Tensor>,
  ) {}

  static load(backend: Backend, bundle: ModelBundle, options: GanWeightsOptions = {}): GanWeights {
    const tensors = new Map<string, Tensor>();
    for (const entry of bundle.manifest.tensors) {
      if (options.include && !options.include(entry.name)) continue;
      const stored = bundle.tensor(entry.name);
      // Scaled in float64, then stored at the backend's precision (as PyTorch's weight * scale in float32).
      const scaled = new Float64Array(stored.length);
      for (let i = 0; i < stored.length; i++) scaled[i] = stored[i] * entry.gain;
      const t = backend.fromArray(scaled, entry.shape).keep();
      t.requiresGrad = false;
      t.name = entry.name;
      tensors.set(entry.name, t);
    }
    return new GanWeights(backend, bundle.name, tensors);
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  /** The gain-scaled tensor; throws a BundleError naming the tensor when it is missing or was filtered out. */
  get(name: string): Tensor {
    if (this.released)
      throw new BundleError(`GanWeights of bundle "${this.bundleName}" were released (get "${name}").`);
    const t = this.tensors.get(name);
    if (!t) throw new BundleError(`GanWeights of bundle "${this.bundleName}" have no tensor "${name}".`);
    return t;
  }

  /** Names of the uploaded tensors, in manifest order. */
  names(): string[] {
    return [...this.tensors.keys()];
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    for (const t of this.tensors.values()) t.release();
    this.tensors.clear();
  }
}
