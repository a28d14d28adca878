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
  return prepareRunInputWithMask(source, crop, rasterizeEllipse(ellipse, size), size, category);
}

/**
 * The same with a given object mask instead of the ellipse: a grey RGBA image (R = coverage x 255) over the same
 * picture as `source`, at any resolution. The crop box is scaled to the mask's pixels and the mask resampled like
 * the image (area filter when shrinking), so a bundled sample's ground-truth mask reaches the method exactly as
 * eval:method gives it (eval/methodEval.ts synthRunInput goes through here).
 */
export function prepareMaskedRunInput(
  source: RgbaImage,
  crop: CropBox,
  objectMask: RgbaImage,
  size: number,
  category: PriorCategory = 'synface',
): RunInput {
  const sx = objectMask.width / source.width;
  const sy = objectMask.height / source.height;
  if (Math.abs(sx - sy) > 1e-9) throw new Error("The object mask does not have the image's aspect ratio.");
  const maskBox = { x: crop.x * sx, y: crop.y * sy, size: crop.size * sx };
  const chw = cropToTensor(objectMask, maskBox, size);
  const mask = new Float32Array(size * size);
  for (let i = 0; i < mask.length; i++) mask[i] = (chw[i] + 1) / 2;
  return prepareRunInputWithMask(source, crop, mask, size, category);
}

/**
 * The same with the object mask already made at the method's size (S x S in [0, 1]): a detected face's oval mask
 * (src/data/face/ovalMask.ts: 1 face, 0.5 ring, 0 outside) with the `face` category's prior.
 */
export function prepareRunInputWithMask(
  source: RgbaImage,
  crop: CropBox,
  mask: Float32Array,
  size: number,
  category: PriorCategory,
): RunInput {
  if (mask.length !== size * size) throw new Error(`The object mask has ${mask.length} values, not ${size * size}.`);
  const image = cropToTensor(source, crop, size);
  const prior = ellipsoidPrior(mask, size, { category });
  return { size, image, mask, prior, category };
}
