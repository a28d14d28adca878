/**
 * The part of a manifest's `discriminator` layer list that GAN2Shape's feature loss needs: the from-RGB layer and
 * the ResBlocks up to the last one with a `feature_index` (docs/MODEL_BUNDLE.md "Discriminator"). The later layers
 * (minibatch stddev, final conv and linear) only serve the GAN logit and are not run.
 */
import { BundleError } from '../../bundle/errors';
import type { BundleManifest, FromRgbLayer, ResBlockLayer } from '../../bundle/manifest';

export interface FeatureLayout {
  size: number;
  fromRgb: FromRgbLayer;
  /** ResBlocks in execution order; block k's output is feature k (k < blocks.length). */
  blocks: ResBlockLayer[];
}

export function featureLayout(manifest: BundleManifest): FeatureLayout {
  const layers = manifest.discriminator;
  const fromRgb = layers[0];
  if (fromRgb?.kind !== 'from_rgb')
    throw new BundleError(`Bundle "${manifest.name}": the discriminator must start with a from_rgb layer.`);
  const blocks: ResBlockLayer[] = [];
  for (const layer of layers.slice(1)) {
    if (layer.kind !== 'res_block' || layer.feature_index === undefined) break;
    if (layer.feature_index !== blocks.length)
      throw new BundleError(
        `Bundle "${manifest.name}": ResBlock ${layer.prefix} has feature_index ${layer.feature_index}, ` +
          `expected ${blocks.length} (features are the first ResBlocks, in order).`,
      );
    blocks.push(layer);
  }
  if (blocks.length === 0)
    throw new BundleError(`Bundle "${manifest.name}": no discriminator ResBlock has a feature_index.`);
  return { size: manifest.config.size, fromRgb, blocks };
}
