/**
 * GAN2Shape's perceptual features: the outputs of the StyleGAN2 discriminator's first ResBlocks (feature_index
 * 0..3 in the manifest; e.g. 32², 16², 8², 4² for a 64 px model, three for a 32 px one), on the engine so that
 * gradients reach the input image. Only the layers up to the last feature block run.
 */
import type { Tensor } from '../../../engine/tensor';
import type { BundleManifest } from '../../bundle/manifest';
import type { GanWeights } from '../weights';
import { DiscriminatorInputError } from './errors';
import { FromRgb, ResBlock } from './layers';
import { type FeatureLayout, featureLayout } from './layout';
import { runScoped } from './scoped';

export class DiscriminatorFeatures {
  readonly layout: FeatureLayout;
  private readonly fromRgb: FromRgb;
  private readonly blocks: ResBlock[];
  private released = false;

  /** `weights` must hold the bundle's `d.*` tensors; they stay the caller's (release() does not free them). */
  constructor(
    readonly weights: GanWeights,
    manifest: BundleManifest,
  ) {
    this.layout = featureLayout(manifest);
    this.fromRgb = new FromRgb(weights, this.layout.fromRgb, manifest.config);
    this.blocks = [];
    try {
      for (const layer of this.layout.blocks) this.blocks.push(new ResBlock(weights, layer, manifest.config));
    } catch (err) {
      for (const b of this.blocks) b.release();
      throw err;
    }
  }

  /** The input image size S the discriminator was trained at. */
  get size(): number {
    return this.layout.size;
  }

  get featureCount(): number {
    return this.blocks.length;
  }

  /** [channels, resolution] of feature k. */
  featureShape(k: number): [number, number] {
    const layer = this.layout.blocks[k];
    if (!layer) throw new DiscriminatorInputError(`No discriminator feature ${k} (there are ${this.featureCount}).`);
    return [layer.out_channels, layer.out_resolution];
  }

  /**
   * x [N, 3, S, S] (images in [-1, 1]) -> [D_0(x), ..., D_{K-1}(x)], D_k [N, C_k, S/2^(k+1), S/2^(k+1)].
   * Inside a tape the features are the tape's; outside one they are the caller's to release.
   */
  features(x: Tensor): Tensor[] {
    if (this.released) throw new DiscriminatorInputError('DiscriminatorFeatures.features() after release().');
    this.checkInput(x);
    return runScoped(() => {
      let h = this.fromRgb.forward(x);
      const out: Tensor[] = [];
      for (const block of this.blocks) {
        h = block.forward(h);
        out.push(h);
      }
      return out;
    });
  }

  /** Frees what this object made (pre-scaled skip weights, blur taps); the GanWeights stay alive. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const b of this.blocks) b.release();
  }

  private checkInput(x: Tensor): void {
    const s = this.layout.size;
    const channels = this.layout.fromRgb.in_channels;
    const [n, c, h, w] = x.shape;
    if (x.shape.length !== 4 || c !== channels || h !== s || w !== s || n < 1)
      throw new DiscriminatorInputError(
        `Discriminator input must be [N, ${channels}, ${s}, ${s}] (the bundle's size), got [${x.shape.join(', ')}].`,
      );
    if (x.backend !== this.weights.backend)
      throw new DiscriminatorInputError(`Discriminator input ${x} lives on another backend than the weights.`);
  }
}
