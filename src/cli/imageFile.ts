/**
 * Image files for the Node CLI: PNG (fast-png, 8/16-bit, grey/RGB/alpha/palette), JPEG (jpeg-js, baseline and
 * progressive) and NumPy .npy (uint8 [H,W], [H,W,3|4] or [1,H,W,3|4]) into the RgbaImage the app's decoder
 * produces; other formats and broken files are CliErrors that say what is accepted. Like the app, transparent
 * pixels are composited over grey and images under 32 px are refused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { sniffImageType } from '../data/image/decode';
import { MIN_IMAGE_SIDE } from '../data/image/errors';
import { flattenAlpha, hasTransparency, isGrayscale, type RgbaImage } from '../data/image/rgba';
import { parseNpy } from '../data/synth/npy';
import { CliError } from './args';

export const SUPPORTED_IMAGES = 'PNG, JPEG or .npy (uint8 [H,W,3])';

export interface ImageFile {
  image: RgbaImage;
  /** What the caller may want to print (alpha composited, grayscale). */
  notes: string[];
}

/** Reads a file and fails with a one-line message when it is missing or unreadable. */
export function readInputFile(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new CliError(`${what} ${path} does not exist`);
  if (!statSync(path).isFile()) throw new CliError(`${what} ${path} is not a file`);
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new CliError(`${what} ${path} is empty`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isNpy(bytes: Uint8Array): boolean {
  return bytes[0] === 0x93 && bytes[1] === 0x4e && bytes[2] === 0x55 && bytes[3] === 0x4d;
}

function fromChannels(width: number, height: number, channels: number, at: (i: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const base = p * channels;
    if (channels <= 2) {
      const g = at(base);
      data.set([g, g, g, channels === 2 ? at(base + 1) : 255], p * 4);
    } else {
      data.set([at(base), at(base + 1), at(base + 2), channels === 4 ? at(base + 3) : 255], p * 4);
    }
  }
  return { width, height, data };
}

function pngToRgba(bytes: Uint8Array): RgbaImage {
  const png = decodePng(bytes);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return fromChannels(png.width, png.height, png.palette[0].length, (i) => rgb[i]);
  }
  if (png.depth < 8) throw new CliError(`${png.depth}-bit PNGs are not supported: save it with 8 or 16 bits`);
  const scale = png.depth === 16 ? 1 / 257 : 1;
  return fromChannels(png.width, png.height, png.channels, (i) => Math.round(png.data[i] * scale));
}

function jpegToRgba(bytes: Uint8Array): RgbaImage {
  const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
  return { width: jpeg.width, height: jpeg.height, data: new Uint8ClampedArray(jpeg.data.buffer) };
}

function npyToRgba(bytes: Uint8Array): RgbaImage {
  const npy = parseNpy(bytes);
  let shape = npy.shape;
  if (shape.length === 4 && shape[0] === 1) shape = shape.slice(1);
  const channels = shape.length === 2 ? 1 : shape[2];
  if (npy.dtype !== 'uint8' || shape.length < 2 || shape.length > 3 || ![1, 3, 4].includes(channels))
    throw new CliError(`a .npy image must be uint8 [H,W], [H,W,3] or [H,W,4]; this one is ${npy.dtype} [${npy.shape}]`);
  return fromChannels(shape[1], shape[0], channels, (i) => npy.data[i]);
}

/** Decodes image bytes (the format is sniffed, not taken from the name). */
export function decodeImageBytes(bytes: Uint8Array, name: string): RgbaImage {
  const type = isNpy(bytes) ? 'npy' : sniffImageType(bytes.subarray(0, 16));
  if (type === null) throw new CliError(`${name} is not an image: expected ${SUPPORTED_IMAGES}`);
  if (type !== 'png' && type !== 'jpeg' && type !== 'npy')
    throw new CliError(`${name} is ${type.toUpperCase()}, which the CLI does not read: convert it to PNG or JPEG`);
  try {
    return type === 'png' ? pngToRgba(bytes) : type === 'jpeg' ? jpegToRgba(bytes) : npyToRgba(bytes);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliError(`${name} could not be decoded as ${type.toUpperCase()} (damaged or truncated?): ${detail}`);
  }
}

/** An input photo: decoded, checked for size, alpha composited over grey as in the app. */
export function readImageFile(path: string): ImageFile {
  let image = decodeImageBytes(readInputFile(path, 'image'), path);
  if (Math.min(image.width, image.height) < MIN_IMAGE_SIDE)
    throw new CliError(
      `${path} is ${image.width} x ${image.height}: images must be at least ${MIN_IMAGE_SIDE} px a side`,
    );
  const notes: string[] = [];
  if (hasTransparency(image)) {
    image = flattenAlpha(image);
    notes.push('transparent pixels were composited over grey');
  }
  if (isGrayscale(image)) notes.push('grayscale image: the albedo will be grey too');
  return { image, notes };
}

/**
 * A mask image as a grey RgbaImage: object = bright (the mean of R, G, B times alpha), so that the input's
 * crop and resampling (cropToTensor) apply to it exactly as to the photo.
 */
export function readMaskFile(path: string): RgbaImage {
  const image = decodeImageBytes(readInputFile(path, 'mask'), path);
  const d = image.data;
  const data = new Uint8ClampedArray(d.length);
  for (let i = 0; i < d.length; i += 4) {
    const v = Math.round(((d[i] + d[i + 1] + d[i + 2]) / 3) * (d[i + 3] / 255));
    data.set([v, v, v, 255], i);
  }
  return { width: image.width, height: image.height, data };
}
