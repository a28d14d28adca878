/** Everything a run needs about its image, prepared by the app (or the CLI) before start(). */
import { type CropBox, cropToTensor } from '../../data/image/crop';
import type { RgbaImage } from '../../data/image/rgba';
import { type MaskEllipse, rasterizeEllipse } from '../../data/mask/ellipse';
import { ellipsoidPrior, type PriorCategory } from '../prior/ellipsoid';

export interface RunInput {
  size: number;
  /** CHW float32 RGB in [-1, 1]. */
  image: Float32Array;
  /** size*size object mask in [0, 1]. */
  mask: Float32Array;
  /** size*size ellipsoid depth the depth net is first fitted to. */
  prior: Float32Array;
  category: PriorCategory;
  /** The input's w [D] when it was sampled from the model (it then needs no inversion). */
  latent?: Float32Array;
}

export function prepareRunInput(
  source: RgbaImage,
  crop: CropBox,
  ellipse: MaskEllipse,
  size: number,
  category: PriorCategory = 'synface',
): RunInput {
  const image = cropToTensor(source, crop, size);
  const mask = rasterizeEllipse(ellipse, size);
  const prior = ellipsoidPrior(mask, size, { category });
  return { size, image, mask, prior, category };
}
