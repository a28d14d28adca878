/** The StyleGAN2 discriminator's perceptual features on the engine (docs/GAN_RUNTIME.md). */
export { DiscriminatorInputError } from './errors';
export { DiscriminatorFeatures } from './features';
export { type FeatureLayout, featureLayout } from './layout';
