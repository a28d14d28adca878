/**
 * StyleGAN2 on the engine (framework-free, differentiable, weights frozen): the bundle's weights on a backend,
 * the shared building blocks (upfirdn2d, fused bias + leaky ReLU), the generator (mapping z -> w, synthesis
 * w -> image, latent helpers) and the discriminator's perceptual features and loss. See docs/GAN_RUNTIME.md.
 */
export { DiscriminatorFeatures, DiscriminatorInputError, type FeatureLayout, featureLayout } from './discriminator';
export { discriminatorFeatureLoss, pooledMask } from './featureLoss';
export { fusedLeakyRelu } from './fusedLeakyRelu';
export { EngineMapping } from './mapping';
export { demodulationCoefficients } from './ops/modconvDemod';
export { modulate } from './ops/modconvModulate';
export { pixelNorm } from './ops/stylePixelNorm';
export { synthActivate } from './ops/synthActivate';
export {
  broadcastLatents,
  checkLatents,
  EngineSynthesis,
  GanInputError,
  generatorWeightFilter,
  splitLatents,
  wPlusOffset,
} from './synthesis';
export { blurKernel, type UpfirdnOptions, upfirdn2d } from './upfirdn';
export { GanWeights, type GanWeightsOptions } from './weights';
