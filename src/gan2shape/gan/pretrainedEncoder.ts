/**
 * A model's pretrained latent-offset encoder E (tools/gan2shape/pretrain_encoder.py): encoder.json + encoder.bin
 * next to the bundle, optional. GAN2Shape starts E from pretrained weights for faces; without them a short run's E
 * never leaves dw ~ 0 (docs/METHOD.md). Loaded with the bundle's fetch (browser or Node); a missing encoder.json
 * means "none" (null), anything else wrong is an error naming the problem.
 */

import { BundleError } from '../../gan/bundle/errors';
import { type FetchLike, fetchBytes } from '../../gan/bundle/fetchBytes';

export const ENCODER_FORMAT = 'gan2shape-latent-encoder';
export const ENCODER_VERSION = 1;

export interface PretrainedEncoder {
  /** The image size it was trained at (the method's size must match to use it). */
  size: number;
  nf: number;
  cout: number;
  /** The mapping-net split it was trained with (LatentProjector's offsetLayers). */
  offsetLayers: number;
  /** Parameter name (as ResEncoder.namedParameters()) -> values. */
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  training: unknown;
}

interface EncoderJson {
  format: string;
  version: number;
  size: number;
  nf: number;
  cout: number;
  offset_layers: number;
  weights: string;
  tensors: { name: string; shape: number[]; dtype: string; offset: number; byteLength: number }[];
  training?: unknown;
}

function fail(what: string): never {
  throw new BundleError(`encoder.json: ${what}`);
}

/** Parses encoder.json + the bytes of its weights file; throws a BundleError naming what is wrong. */
export function parsePretrainedEncoder(json: unknown, weights: Uint8Array): PretrainedEncoder {
  const j = json as EncoderJson;
  if (!j || typeof j !== 'object') fail('not a JSON object');
  if (j.format !== ENCODER_FORMAT) fail(`format is ${JSON.stringify(j.format)}, expected "${ENCODER_FORMAT}"`);
  if (j.version !== ENCODER_VERSION)
    fail(`version ${j.version} is not supported (this build reads ${ENCODER_VERSION})`);
  for (const key of ['size', 'nf', 'cout', 'offset_layers'] as const)
    if (!Number.isInteger(j[key]) || j[key] <= 0) fail(`${key} must be a positive integer`);
  if (!Array.isArray(j.tensors) || j.tensors.length === 0) fail('no tensors');
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of j.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.dtype !== 'float32') fail(`${t.name}: dtype ${t.dtype}, expected float32`);
    if (t.byteLength !== count * 4) fail(`${t.name}: ${t.byteLength} bytes for shape [${t.shape.join(', ')}]`);
    if (t.offset % 4 !== 0 || t.offset + t.byteLength > weights.byteLength)
      fail(`${t.name} lies outside ${j.weights} (${weights.byteLength} bytes): truncated download?`);
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(weights.subarray(t.offset, t.offset + t.byteLength));
    tensors.set(t.name, { shape: t.shape, data });
  }
  return { size: j.size, nf: j.nf, cout: j.cout, offsetLayers: j.offset_layers, tensors, training: j.training };
}

/** Loads `<baseUrl>/encoder.json` and its weights; null when the model ships no pretrained encoder. */
export async function loadPretrainedEncoder(baseUrl: string, fetchFn: FetchLike): Promise<PretrainedEncoder | null> {
  const join = (file: string) => (baseUrl === '' ? file : `${baseUrl.replace(/\/+$/, '')}/${file}`);
  const response = await fetchFn(join('encoder.json'));
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 404 || (response.ok && type.includes('text/html'))) return null;
  if (!response.ok) throw new BundleError(`Fetching encoder.json failed with HTTP ${response.status}.`);
  const json = (await response.json()) as EncoderJson;
  const weights = await fetchBytes(fetchFn, join(json.weights ?? 'encoder.bin'), 'encoder.bin', () => {});
  return parsePretrainedEncoder(json, weights);
}
