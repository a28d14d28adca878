/** Everything that can be wrong with a dropped file, each with a message a person can act on. */
export type ImageInputProblem = 'not-an-image' | 'corrupt' | 'too-small' | 'empty';

const MESSAGES: Record<ImageInputProblem, string> = {
  'not-an-image': 'That file is not an image. Drop a PNG, JPEG, WebP, GIF or BMP photo of a face.',
  corrupt: 'That image could not be decoded: the file looks damaged or truncated. Try another copy of it.',
  'too-small': 'That image is too small: it must be at least 32 × 32 pixels.',
  empty: 'That file is empty.',
};

export class ImageInputError extends Error {
  constructor(
    readonly problem: ImageInputProblem,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[problem]} (${detail})` : MESSAGES[problem]);
    this.name = 'ImageInputError';
  }
}

export const MIN_IMAGE_SIDE = 32;
/** Larger images are downscaled on load: the method works at 64-128 px and huge canvases waste memory. */
export const MAX_IMAGE_SIDE = 2048;
