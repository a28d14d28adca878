/** The golden tiny bundle on an engine backend, and comparison helpers, for the generator's engine tests. */
import { noGrad } from '../../../../src/engine/autograd/grad-mode';
import { Tape } from '../../../../src/engine/autograd/tape';
import type { Backend } from '../../../../src/engine/backend';
import { add } from '../../../../src/engine/ops/elementwise';
import { mse } from '../../../../src/engine/ops/loss';
import type { Tensor } from '../../../../src/engine/tensor';
import { loadBundle, type ModelBundle } from '../../../../src/gan/bundle';
import { nodeFileFetch } from '../../../../src/gan/bundle/nodeFileFetch';
import { DiscriminatorFeatures } from '../../../../src/gan/engine/discriminator';
import { EngineMapping } from '../../../../src/gan/engine/mapping';
import { EngineSynthesis, generatorWeightFilter } from '../../../../src/gan/engine/synthesis';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { BUNDLE_DIR, readGolden } from '../fixtureBundle';

export interface GoldenGan {
  bundle: ModelBundle;
  weights: GanWeights;
  synthesis: EngineSynthesis;
  mapping: EngineMapping;
  release(): void;
}

/** The generator of the golden bundle; `withDiscriminator` also uploads the d.* tensors (for the golden loss). */
export async function loadGoldenGan(backend: Backend, withDiscriminator = false): Promise<GoldenGan> {
  const bundle = await loadBundle('', { fetch: nodeFileFetch(BUNDLE_DIR) });
  const weights = GanWeights.load(backend, bundle, {
    include: (name) => generatorWeightFilter(name) || (withDiscriminator && name.startsWith('d.')),
  });
  const synthesis = new EngineSynthesis(weights, bundle);
  const mapping = new EngineMapping(weights, bundle.config);
  return {
    bundle,
    weights,
    synthesis,
    mapping,
    release: () => {
      synthesis.release();
      weights.release();
    },
  };
}

export function golden(name: string): { shape: number[]; data: Float32Array } {
  const t = readGolden().get(name);
  if (!t) throw new Error(`golden.json has no tensor "${name}"`);
  return t;
}

/**
 * The golden loss mean((G(w0) - x)^2) + sum_k mean((D_k(G(w0)) - D_k(x))^2) (w0 = golden w[:1], x golden x),
 * back-propagated to w0 on `backend`. Needs a GoldenGan loaded withDiscriminator. Returns the loss and grad_w.
 */
export async function goldenLossGradient(
  gan: GoldenGan,
  backend: Backend,
): Promise<{ loss: number; gradW: Float64Array }> {
  const disc = new DiscriminatorFeatures(gan.weights, gan.bundle.manifest);
  const w = golden('w');
  const x = golden('x');
  const w0 = backend.fromArray(w.data.subarray(0, w.data.length / w.shape[0]), [1, ...w.shape.slice(1)]);
  w0.requiresGrad = true;
  const target = backend.fromArray(x.data, x.shape);
  const tape = new Tape();
  const loss = tape.run(() => {
    const image = gan.synthesis.forward(w0);
    const targetFeatures = noGrad(() => disc.features(target));
    let total = mse(image, target);
    disc.features(image).forEach((f, k) => {
      total = add(total, mse(f, targetFeatures[k]));
    });
    return total;
  });
  tape.backward(loss);
  const lossValue = (await loss.read())[0];
  tape.free();
  const gradW = await (w0.grad as Tensor).read();
  w0.grad?.release();
  w0.release();
  target.release();
  disc.release();
  return { loss: lossValue, gradW };
}
