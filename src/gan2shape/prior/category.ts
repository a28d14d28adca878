/**
 * The ellipsoid prior's category for a model bundle's declared category. GAN2Shape adjusts the mask box for
 * faces, synthetic faces, cars and churches only; its cat config takes the box as it is, which is the prior's
 * 'generic' case.
 */
import type { BundleCategory } from '../../gan/bundle/manifest';
import type { PriorCategory } from './ellipsoid';

const PRIOR_OF: Readonly<Record<BundleCategory, PriorCategory>> = {
  face: 'face',
  synface: 'synface',
  car: 'car',
  church: 'church',
  cat: 'generic',
};

export function priorCategoryFor(category: BundleCategory): PriorCategory {
  return PRIOR_OF[category];
}
