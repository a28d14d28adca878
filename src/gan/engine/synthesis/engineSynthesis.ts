/**
 * StyleGAN2 synthesis (w -> image) on the engine, following the manifest's `synthesis` layer list in execution
 * order (docs/MODEL_BUNDLE.md "Synthesis order") and tools/stylegan2/model.py with the bundle's fixed noise.
 * Differentiable w.r.t. w (one w [N, D] for every style input, or w+ [N, n_latent, D]); the generator's weights are
 * frozen. The image is not clamped.
 *
 * Weights: modulation linears, biases, noise maps and their strengths and the constant input come from GanWeights
 * (gain applied); conv weights are laid out for the engine's conv ops by convWeights.ts.
 */
import { noGrad } from '../../../engine/autograd/grad-mode';
import { Tape } from '../../../engine/autograd/tape';
import type { Backend } from '../../../engine/backend';
import { expandKernel } from '../../../engine/ops/elementwise.kernels';
import type { Tensor } from '../../../engine/tensor';
import type { BundleManifest, StyledConvLayer, SynthesisLayer, ToRgbLayer } from '../../bundle/manifest';
import type { ModelBundle } from '../../bundle/modelBundle';
import { blurKernel } from '../upfirdn';
import type { GanWeights } from '../weights';
import { loadModConvWeights, loadRgbBias, type ModConvWeights, releaseModConvWeights } from './convWeights';
import { checkLatents, splitLatents } from './latents';
import { type StyledConvContext, type StyledConvParams, styledConv } from './styledConv';
import { type ToRgbParams, toRgb } from './toRgb';

type Layer =
  | { kind: 'const'; input: Tensor }
  | { kind: 'styled_conv'; latent: number; params: StyledConvParams }
  | { kind: 'to_rgb'; latent: number; skipUpsample: boolean; params: ToRgbParams };

export class EngineSynthesis {
  readonly backend: Backend;
  readonly size: number;
  readonly styleDim: number;
  readonly nLatent: number;
  private readonly layers: Layer[];
  private readonly convs: ModConvWeights[] = [];
  /** Tensors this object made (blur kernels, ToRGB biases); GanWeights' tensors stay GanWeights'. */
  private readonly owned: Tensor[] = [];
  private readonly ctx: StyledConvContext;
  private readonly skipUpsample: { use: BundleManifest['config']['upfirdn']['rgb_skip_upsample']; kernel: Tensor };
  private released = false;

  constructor(
    private readonly weights: GanWeights,
    bundle: ModelBundle,
  ) {
    const { config, synthesis } = bundle.manifest;
    this.backend = weights.backend;
    this.size = config.size;
    this.styleDim = config.style_dim;
    this.nLatent = config.n_latent;
    const { modconv_upsample_blur: upUse, rgb_skip_upsample: skipUse } = config.upfirdn;
    const upKernel = this.own(blurKernel(this.backend, config, upUse.kernel_scale));
    const skipKernel = this.own(blurKernel(this.backend, config, skipUse.kernel_scale));
    this.ctx = {
      act: { slope: config.leaky_relu.negative_slope, gain: config.leaky_relu.gain },
      demodEps: config.demodulate_eps,
      upsampleBlur: { use: upUse, kernel: upKernel },
    };
    this.skipUpsample = { use: skipUse, kernel: skipKernel };
    try {
      this.layers = synthesis.map((layer) => this.buildLayer(bundle, layer));
    } catch (err) {
      // A tensor missing from the GanWeights (e.g. filtered out): free what was derived so far.
      this.release();
      throw err;
    }
  }

  private buildLayer(bundle: ModelBundle, layer: SynthesisLayer): Layer {
    switch (layer.kind) {
      case 'const':
        return { kind: 'const', input: this.weights.get(layer.tensor) };
      case 'styled_conv':
        return { kind: 'styled_conv', latent: layer.latent_index, params: this.styledConvParams(bundle, layer) };
      case 'to_rgb':
        return {
          kind: 'to_rgb',
          latent: layer.latent_index,
          skipUpsample: layer.skip_upsample,
          params: this.toRgbParams(bundle, layer),
        };
      default:
        throw new Error(`synthesis: unknown layer kind in the manifest: ${JSON.stringify(layer)}.`);
    }
  }

  private own(t: Tensor): Tensor {
    t.requiresGrad = false;
    this.owned.push(t);
    return t;
  }

  private modulation(prefix: string) {
    return {
      weight: this.weights.get(`${prefix}.conv.modulation.weight`),
      bias: this.weights.get(`${prefix}.conv.modulation.bias`),
    };
  }

  private styledConvParams(bundle: ModelBundle, layer: StyledConvLayer): StyledConvParams {
    const conv = loadModConvWeights(this.backend, bundle, layer.prefix, {
      demodulate: true,
      transposed: layer.upsample,
    });
    this.convs.push(conv);
    return {
      modulation: this.modulation(layer.prefix),
      conv,
      noise: this.weights.get(layer.noise),
      noiseWeight: this.weights.get(`${layer.prefix}.noise.weight`),
      bias: this.weights.get(`${layer.prefix}.activate.bias`),
    };
  }

  private toRgbParams(bundle: ModelBundle, layer: ToRgbLayer): ToRgbParams {
    const conv = loadModConvWeights(this.backend, bundle, layer.prefix, { demodulate: false, transposed: false });
    this.convs.push(conv);
    return {
      modulation: this.modulation(layer.prefix),
      conv,
      bias: this.own(loadRgbBias(this.backend, bundle, layer.prefix)),
    };
  }

  /**
   * image [N, 3, size, size] from w [N, D] or w+ [N, n_latent, D]. Records on the active tape (if w requires
   * grad); intermediates belong to that tape, or to the caller when no tape runs (use generate() then).
   */
  forward(w: Tensor): Tensor {
    if (this.released) throw new Error('EngineSynthesis was released.');
    checkLatents('synthesis w', w, this.styleDim, this.nLatent);
    const batch = w.shape[0];
    const perLayer = w.shape.length === 3 ? splitLatents(w) : null;
    const latent = (index: number): Tensor => (perLayer ? perLayer[index] : w);
    let x: Tensor | null = null;
    let skip: Tensor | null = null;
    for (const layer of this.layers) {
      if (layer.kind === 'const') {
        const [, c, h, wd] = layer.input.shape;
        x = expandKernel([layer.input], { shape: [batch, c, h, wd] });
      } else if (!x) {
        throw new Error(`synthesis: the manifest's first layer must be 'const', got '${layer.kind}'.`);
      } else if (layer.kind === 'styled_conv') {
        x = styledConv(x, latent(layer.latent), layer.params, this.ctx);
      } else {
        skip = toRgb(x, latent(layer.latent), layer.params, layer.skipUpsample ? skip : null, this.skipUpsample);
      }
    }
    if (!skip) throw new Error('synthesis: the manifest lists no to_rgb layer.');
    return skip;
  }

  /** Forward only, outside any tape: returns a caller-owned image; every intermediate is freed. */
  generate(w: Tensor): Tensor {
    const tape = new Tape();
    try {
      return noGrad(() => tape.run(() => this.forward(w).keep()));
    } finally {
      tape.free();
    }
  }

  /** Frees what this object derived (conv layouts, kernels, biases); the GanWeights stay the caller's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const c of this.convs) releaseModConvWeights(c);
    for (const t of this.owned) t.release();
  }
}
