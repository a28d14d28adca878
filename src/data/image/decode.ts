/**
 * Browser-side decoding of a dropped, picked or pasted file into RGBA pixels, with clear errors for bad input.
 * Images never leave the browser: decoding uses createImageBitmap and an OffscreenCanvas.
 */
import { ImageInputError, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE } from './errors';
import { flattenAlpha, hasTransparency, isGrayscale, type RgbaImage } from './rgba';

export interface DecodedImage {
  image: RgbaImage;
  name: string;
  /** Size before any downscale. */
  originalWidth: number;
  originalHeight: number;
  notes: string[];
}

const IMAGE_SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'png'],
  [[0xff, 0xd8, 0xff], 'jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'gif'],
  [[0x42, 0x4d], 'bmp'],
  [[0x52, 0x49, 0x46, 0x46], 'webp'],
];

/** Sniffs the first bytes: browsers report MIME types from extensions, which lie. */
export function sniffImageType(head: Uint8Array): string | null {
  for (const [sig, type] of IMAGE_SIGNATURES) {
    if (sig.every((b, i) => head[i] === b)) return type;
  }
  return null;
}

export async function decodeImageFile(file: Blob, name = 'image'): Promise<DecodedImage> {
  if (file.size === 0) throw new ImageInputError('empty');
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (!sniffImageType(head)) throw new ImageInputError('not-an-image', name);

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  } catch (err) {
    throw new ImageInputError('corrupt', String(err));
  }
  const originalWidth = bitmap.width;
  const originalHeight = bitmap.height;
  if (Math.min(originalWidth, originalHeight) < MIN_IMAGE_SIDE) {
    bitmap.close();
    throw new ImageInputError('too-small', `${originalWidth} × ${originalHeight}`);
  }
  const notes: string[] = [];
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(originalWidth, originalHeight));
  const width = Math.round(originalWidth * scale);
  const height = Math.round(originalHeight * scale);
  if (scale < 1) notes.push(`Downscaled from ${originalWidth} × ${originalHeight} to ${width} × ${height}.`);

  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('corrupt', 'no 2D canvas context');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  let image: RgbaImage = { width, height, data: ctx.getImageData(0, 0, width, height).data };
  if (hasTransparency(image)) {
    image = flattenAlpha(image);
    notes.push('Transparent pixels were composited over grey.');
  }
  if (isGrayscale(image)) notes.push('Grayscale image: colours (albedo) will be grey too.');
  return { image, name, originalWidth, originalHeight, notes };
}
