/**
 * The discriminator's layers on the engine (rosinality's ConvLayer / ResBlock, tools/stylegan2/model.py), with
 * weights from GanWeights (gain already applied, frozen):
 * - from-RGB: lrelu(conv1x1(x), b);
 * - ResBlock: main = lrelu(conv3x3 pad 1 (x), b1) -> blur (pad 2,2) -> conv3x3 stride 2 -> lrelu(·, b2);
 *   skip = blur (pad 1,1) -> conv1x1 stride 2 (no bias, no activation); out = (main + skip) · 1/√2.
 * Two exact rewrites save work: the skip's "blur then 1x1 conv with stride 2" runs as upfirdn with down 2 (only
 * the kept samples are filtered) then a stride-1 1x1 conv; and the output scale is folded into the main path's
 * activation gain and into a pre-scaled copy of the skip weight, so the block ends with a single add.
 */
import { conv2d } from '../../../engine/ops/conv';
import { add, mulScalar } from '../../../engine/ops/elementwise';
import type { Tensor } from '../../../engine/tensor';
import { BundleError } from '../../bundle/errors';
import type { BundleConfig, FromRgbLayer, ResBlockLayer } from '../../bundle/manifest';
import { fusedLeakyRelu } from '../fusedLeakyRelu';
import { blurKernel, upfirdn2d } from '../upfirdn';
import type { GanWeights } from '../weights';

export class FromRgb {
  private readonly weight: Tensor;
  private readonly bias: Tensor;

  constructor(
    weights: GanWeights,
    layer: FromRgbLayer,
    private readonly config: BundleConfig,
  ) {
    this.weight = weights.get(`${layer.prefix}.0.weight`);
    this.bias = weights.get(`${layer.prefix}.1.bias`);
  }

  forward(x: Tensor): Tensor {
    const { negative_slope, gain } = this.config.leaky_relu;
    return fusedLeakyRelu(conv2d(x, this.weight, null), this.bias, negative_slope, gain);
  }
}

export class ResBlock {
  private readonly conv1: Tensor;
  private readonly bias1: Tensor;
  private readonly conv2: Tensor;
  private readonly bias2: Tensor;
  /** skip.1.weight · resblock_output_scale, owned by this block. */
  private readonly skipScaled: Tensor;
  /** The blur taps of the two downsampling uses (kernel_scale applied), owned by this block. */
  private readonly mainBlur: Tensor;
  private readonly skipBlur: Tensor;

  constructor(
    weights: GanWeights,
    readonly layer: ResBlockLayer,
    private readonly config: BundleConfig,
  ) {
    const p = layer.prefix;
    this.conv1 = weights.get(`${p}.conv1.0.weight`);
    this.bias1 = weights.get(`${p}.conv1.1.bias`);
    this.conv2 = weights.get(`${p}.conv2.1.weight`);
    this.bias2 = weights.get(`${p}.conv2.2.bias`);
    this.skipScaled = mulScalar(weights.get(`${p}.skip.1.weight`), config.resblock_output_scale).keep();
    const { d_conv3_downsample_blur: mainUse, d_skip_downsample_blur: skipUse } = config.upfirdn;
    for (const [name, use] of [
      ['d_conv3_downsample_blur', mainUse],
      ['d_skip_downsample_blur', skipUse],
    ] as const) {
      // The stride-2 conv after the blur does the decimation; a resampling blur here would be another model.
      if (use.up !== 1 || use.down !== 1)
        throw new BundleError(`upfirdn.${name} must have up 1 and down 1, got up ${use.up}, down ${use.down}.`);
    }
    this.mainBlur = blurKernel(weights.backend, config, mainUse.kernel_scale);
    this.skipBlur = blurKernel(weights.backend, config, skipUse.kernel_scale);
  }

  forward(x: Tensor): Tensor {
    const { negative_slope: slope, gain } = this.config.leaky_relu;
    const scale = this.config.resblock_output_scale;
    const { d_conv3_downsample_blur: mainUse, d_skip_downsample_blur: skipUse } = this.config.upfirdn;
    let main = fusedLeakyRelu(conv2d(x, this.conv1, null, { padding: 1 }), this.bias1, slope, gain);
    main = upfirdn2d(main, this.mainBlur, mainUse);
    main = fusedLeakyRelu(conv2d(main, this.conv2, null, { stride: 2 }), this.bias2, slope, gain * scale);
    const skip = conv2d(upfirdn2d(x, this.skipBlur, { up: 1, down: 2, pad: skipUse.pad }), this.skipScaled, null);
    return add(main, skip);
  }

  release(): void {
    this.skipScaled.release();
    this.mainBlur.release();
    this.skipBlur.release();
  }
}
