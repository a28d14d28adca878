/**
 * The GAN as the method uses it, on one backend: the engine's generator (mapping + synthesis, fixed noise,
 * weights frozen, gradients to w) and the discriminator's features (the perceptual term and step 2's loss).
 * Images go from the GAN's resolution to the method's S and back (method-reference section 1: the GAN output is
 * clamped to [-1, 1] and resized to S; 'area' when shrinking, bilinear when enlarging). The bundles this project
 * exports declare no crop: the model's framing is the method's.
 */
import type { Backend } from '../../engine/backend';
import { resizeArea, resizeBilinear } from '../../engine/ops/resize';
import type { Tensor } from '../../engine/tensor';
import type { ModelBundle } from '../../gan/bundle';
import { DiscriminatorFeatures } from '../../gan/engine/discriminator';
import { EngineMapping } from '../../gan/engine/mapping';
import { EngineSynthesis, generatorWeightFilter } from '../../gan/engine/synthesis';
import { GanWeights } from '../../gan/engine/weights';
import { clampImage } from '../../render';
import { discriminatorPerceptual, type PerceptualLoss } from '../method/perceptual';
import type { PretrainedEncoder } from './pretrainedEncoder';

export class MethodGan {
  readonly name: string;
  readonly size: number;
  readonly styleDim: number;
  readonly nLatent: number;
  readonly weights: GanWeights;
  readonly synthesis: EngineSynthesis;
  readonly mapping: EngineMapping;
  readonly discriminator: DiscriminatorFeatures;
  readonly perceptual: PerceptualLoss;
  /** The bundle's mean w [D] (the inversion's start). */
  readonly wAvg: Float32Array;

  constructor(
    readonly backend: Backend,
    bundle: ModelBundle,
    /** The model's pretrained latent-offset encoder, if it ships one (pretrainedEncoder.ts). */
    readonly encoder: PretrainedEncoder | null = null,
  ) {
    this.name = bundle.name;
    this.size = bundle.config.size;
    this.styleDim = bundle.config.style_dim;
    this.nLatent = bundle.config.n_latent;
    this.wAvg = Float32Array.from(bundle.wAvg());
    this.weights = GanWeights.load(backend, bundle, {
      include: (name) => generatorWeightFilter(name) || name.startsWith('d.'),
    });
    try {
      this.synthesis = new EngineSynthesis(this.weights, bundle);
      this.mapping = new EngineMapping(this.weights, bundle.config);
      this.discriminator = new DiscriminatorFeatures(this.weights, bundle.manifest);
    } catch (err) {
      this.weights.release();
      throw err;
    }
    this.perceptual = discriminatorPerceptual(this.discriminator, this.size);
  }

  /** G(w) clamped to [-1, 1] at the method's size S: [N, 3, S, S]. Differentiable w.r.t. w. */
  image(w: Tensor, S: number): Tensor {
    return resizeToMethod(clampImage(this.synthesis.forward(w)), S);
  }

  release(): void {
    this.synthesis.release();
    this.discriminator.release();
    this.weights.release();
  }
}

/** An image at the GAN's size to the method's size S (area when shrinking, bilinear when enlarging). */
export function resizeToMethod(x: Tensor, S: number): Tensor {
  const size = x.shape[2];
  if (size === S) return x;
  return size > S ? resizeArea(x, S, S) : resizeBilinear(x, S, S);
}
