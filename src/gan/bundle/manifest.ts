/**
 * TypeScript view of a model bundle's manifest.json (docs/MODEL_BUNDLE.md, format `gan2shape-stylegan2-bundle`
 * version 1). Only validateManifest() produces values of these types, so code holding a BundleManifest may rely
 * on every invariant that validation checks (see validate.ts).
 */

export const BUNDLE_FORMAT = 'gan2shape-stylegan2-bundle';
export const BUNDLE_VERSION = 1;

/**
 * What a bundle's generator draws (GAN2Shape's configs): it decides how the app crops an input and which object
 * mask and ellipsoid prior the method uses. Optional in version 1 (bundles exported before it was written).
 */
export const BUNDLE_CATEGORIES = ['face', 'cat', 'car', 'church', 'synface'] as const;
export type BundleCategory = (typeof BUNDLE_CATEGORIES)[number];

/** A bundle that declares no category is taken for a face model, GAN2Shape's main config (CelebA). */
export const DEFAULT_BUNDLE_CATEGORY: BundleCategory = 'face';

export interface UpfirdnUse {
  up: number;
  down: number;
  pad: [number, number];
  kernel_scale: number;
  /** Free-text note on the conv that precedes or follows the filter. */
  before?: string;
  after?: string;
}

export interface BundleConfig {
  size: number;
  style_dim: number;
  n_mlp: number;
  lr_mlp: number;
  n_latent: number;
  num_noise_layers: number;
  /** rosinality multiplier for converted checkpoints, null for custom width tables. */
  channel_multiplier: number | null;
  /** Width per resolution, keys "4" … String(size). */
  generator_channels: Record<string, number>;
  discriminator_channels: Record<string, number>;
  blur_kernel: number[];
  blur_kernel_2d: number[][];
  leaky_relu: { negative_slope: number; gain: number };
  pixel_norm_eps: number;
  demodulate_eps: number;
  resblock_output_scale: number;
  upfirdn: {
    rgb_skip_upsample: UpfirdnUse;
    modconv_upsample_blur: UpfirdnUse;
    d_conv3_downsample_blur: UpfirdnUse;
    d_skip_downsample_blur: UpfirdnUse;
  };
}

export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset in weights.bin, a multiple of the manifest's alignment. */
  offset: number;
  byteLength: number;
  /** Equalized-learning-rate factor the engine multiplies the stored values by before use. */
  gain: number;
}

export interface ConstLayer {
  kind: 'const';
  tensor: string;
  channels: number;
  resolution: number;
}

export interface StyledConvLayer {
  kind: 'styled_conv';
  prefix: string;
  latent_index: number;
  upsample: boolean;
  in_channels: number;
  out_channels: number;
  resolution: number;
  noise: string;
}

export interface ToRgbLayer {
  kind: 'to_rgb';
  prefix: string;
  latent_index: number;
  in_channels: number;
  resolution: number;
  skip_upsample: boolean;
}

export type SynthesisLayer = ConstLayer | StyledConvLayer | ToRgbLayer;

export interface FromRgbLayer {
  kind: 'from_rgb';
  prefix: string;
  in_channels: number;
  out_channels: number;
  resolution: number;
}

export interface ResBlockLayer {
  kind: 'res_block';
  prefix: string;
  in_channels: number;
  out_channels: number;
  in_resolution: number;
  out_resolution: number;
  /** 0…3 for the blocks whose outputs are GAN2Shape's perceptual features; absent for later blocks. */
  feature_index?: number;
}

export interface MinibatchStddevLayer {
  kind: 'minibatch_stddev';
  group: number;
  features: number;
  eps: number;
}

export interface FinalConvLayer {
  kind: 'final_conv';
  prefix: string;
  in_channels: number;
  out_channels: number;
}

export interface FinalLinearLayer {
  kind: 'final_linear';
  prefix: string;
  in_features: number;
  hidden: number;
}

export type DiscriminatorLayer =
  | FromRgbLayer
  | ResBlockLayer
  | MinibatchStddevLayer
  | FinalConvLayer
  | FinalLinearLayer;

export interface ParityResult {
  graph: string;
  output: string;
  dims: number[];
  maxAbsDiff: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  name: string;
  /** Absent in bundles exported before categories were declared: see bundleCategory(). */
  category?: BundleCategory;
  byteOrder: 'little';
  alignment: number;
  /** File names relative to the bundle folder (plain names, no path separators). */
  weights: string;
  onnx: { mapping: string; synthesis: string };
  config: BundleConfig;
  w_avg: { tensor: string; samples: number; seed: number };
  synthesis: SynthesisLayer[];
  discriminator: DiscriminatorLayer[];
  tensors: TensorEntry[];
  parity: { runtime: string; tolerance: number; opset: number; results: ParityResult[] };
  /** Free-form provenance. */
  source: Record<string, unknown>;
}

/** The bundle's category and whether it declared it (the page says when the default is assumed). */
export function bundleCategory(manifest: Pick<BundleManifest, 'category'>): {
  category: BundleCategory;
  declared: boolean;
} {
  return manifest.category
    ? { category: manifest.category, declared: true }
    : { category: DEFAULT_BUNDLE_CATEGORY, declared: false };
}
