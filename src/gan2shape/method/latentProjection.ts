/**
 * GAN2Shape's latent projection (latent_project / gan_invert, method-reference section 5): an image I' goes to
 * the GAN's manifold as G(w + dw) with the w-space offset dw = F(h0 + e) - F(h0), where e = E(I') - E(I_gan)
 * (relative encoding: an image equal to I_gan gets dw = 0), F = the last `offsetLayers` linear layers of the
 * mapping net and h0 = the activation of the layers before them for z = 0. With offsetLayers = n_mlp, h0 = 0 and F
 * is the whole net with its PixelNorm (GAN2Shape's synface setting, F1_d = 8); the default 3 is its face/cat
 * setting (F1_d = 2, whose code takes the last 3 linear layers). Differentiable w.r.t. E's weights.
 */
import { tidy } from '../../engine/autograd/tidy';
import { add, sub } from '../../engine/ops/elementwise';
import { concat, reshape, slice } from '../../engine/ops/shape';
import type { Tensor } from '../../engine/tensor';
import type { MethodGan } from '../gan/methodGan';
import type { ResEncoder } from '../nets/resEncoder';
import { DEFAULT_OFFSET_LAYERS } from '../presets/methodSettings';
import type { ResolvedPreset } from '../presets/presets';
import type { InputLatent } from './context';

export class LatentProjector {
  /** h0 [1, D] and F(h0) [1, D]: constant (the mapping is frozen). */
  private readonly h0: Tensor;
  private readonly centre: Tensor;
  private readonly firstLayer: number;

  constructor(
    private readonly gan: MethodGan,
    private readonly encoder: ResEncoder,
    private readonly latent: InputLatent,
    private readonly size: number,
    offsetLayers = DEFAULT_OFFSET_LAYERS,
  ) {
    const n = gan.mapping.layerCount;
    this.firstLayer = n - Math.min(Math.max(1, offsetLayers), n);
    const { h0, centre } = tidy(() => {
      const zero = gan.backend.zeros([1, gan.styleDim]);
      const h = this.firstLayer === 0 ? zero : gan.mapping.forwardLayers(zero, 0, this.firstLayer);
      return { h0: h, centre: gan.mapping.forwardLayers(h, this.firstLayer, n) };
    });
    this.h0 = h0;
    this.centre = centre;
  }

  /** dw [B, D] for images [B, 3, S, S]; records on the active tape. */
  offset(images: Tensor): Tensor {
    const b = images.shape[0];
    const d = this.gan.styleDim;
    // E runs once on the pseudo images and I_gan together; slices work on NCHW views.
    const codes = reshape(this.encoder.forward(concat([images, this.latent.ganImage], 0)), [b + 1, d, 1, 1]);
    const e = reshape(sub(slice(codes, 0, 0, b), slice(codes, 0, b, 1)), [b, d]);
    const n = this.gan.mapping.layerCount;
    return sub(this.gan.mapping.forwardLayers(add(e, this.h0), this.firstLayer, n), this.centre);
  }

  /** G(w + dw) at the method's size [B, 3, S, S] and dw [B, D]. */
  project(images: Tensor): { image: Tensor; offset: Tensor } {
    const offset = this.offset(images);
    return { image: this.gan.image(add(offset, this.latent.w), this.size), offset };
  }

  release(): void {
    this.h0.release();
    this.centre.release();
  }
}

/** The mapping split E's offsets go through: the pretrained encoder's own when the run uses it. */
export function offsetLayersFor(preset: ResolvedPreset, gan: MethodGan | null): number {
  return gan?.encoder?.size === preset.imageSize ? gan.encoder.offsetLayers : preset.offsetLayers;
}
