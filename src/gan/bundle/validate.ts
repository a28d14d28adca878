/**
 * Manifest validation, part 1: the JSON's structure and the config's internal consistency. Every problem is
 * collected and reported at once (a BundleError listing them) so a broken export is fixed in one round.
 * Tensor-table and layer checks that need weights.bin's size live in validateTensors.ts.
 */

import { BundleError } from './errors';
import { BUNDLE_CATEGORIES, BUNDLE_FORMAT, BUNDLE_VERSION, type BundleManifest } from './manifest';

type Json = Record<string, unknown>;

export class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Bundle file names must be plain names: a manifest must not make the loader fetch outside its folder. */
function checkFileName(p: Problems, where: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) p.add(`${where} must be a non-empty file name`);
  else if (/[/\\]/.test(value) || value === '.' || value === '..')
    p.add(`${where} "${value}" must be a plain file name inside the bundle folder`);
}

function near(a: number, b: number, rtol = 1e-6): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(b));
}

function checkChannels(p: Problems, where: string, table: unknown, size: number): void {
  if (!isObject(table)) {
    p.add(`config.${where} must be an object keyed by resolution`);
    return;
  }
  const expected: string[] = [];
  for (let r = 4; r <= size; r *= 2) expected.push(String(r));
  for (const key of expected) {
    if (!isPositiveInt(table[key])) p.add(`config.${where}["${key}"] must be a positive integer`);
  }
  for (const key of Object.keys(table)) {
    if (!expected.includes(key)) p.add(`config.${where} has resolution "${key}" outside 4…${size}`);
  }
}

function checkUpfirdn(p: Problems, upfirdn: unknown): void {
  if (!isObject(upfirdn)) {
    p.add('config.upfirdn must be an object');
    return;
  }
  for (const use of [
    'rgb_skip_upsample',
    'modconv_upsample_blur',
    'd_conv3_downsample_blur',
    'd_skip_downsample_blur',
  ]) {
    const u = upfirdn[use];
    if (!isObject(u)) {
      p.add(`config.upfirdn.${use} is missing`);
      continue;
    }
    if (!isPositiveInt(u.up) || !isPositiveInt(u.down))
      p.add(`config.upfirdn.${use}: up and down must be positive integers`);
    if (!Array.isArray(u.pad) || u.pad.length !== 2 || !u.pad.every((v) => Number.isInteger(v) && v >= 0))
      p.add(`config.upfirdn.${use}.pad must be two non-negative integers`);
    if (!isFiniteNumber(u.kernel_scale) || u.kernel_scale <= 0) p.add(`config.upfirdn.${use}.kernel_scale must be > 0`);
  }
}

function checkBlur(p: Problems, c: Json): void {
  const taps = c.blur_kernel;
  const k2 = c.blur_kernel_2d;
  if (!Array.isArray(taps) || taps.length === 0 || !taps.every(isFiniteNumber)) {
    p.add('config.blur_kernel must be a non-empty array of numbers');
    return;
  }
  const n = taps.length;
  if (
    !Array.isArray(k2) ||
    k2.length !== n ||
    !k2.every((row) => Array.isArray(row) && row.length === n && row.every(isFiniteNumber))
  ) {
    p.add(`config.blur_kernel_2d must be a ${n}x${n} array of numbers`);
    return;
  }
  const total = taps.reduce((a, b) => a + b, 0) ** 2;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const expected = (taps[i] * taps[j]) / total;
      if (!near(k2[i][j], expected)) {
        p.add(
          `config.blur_kernel_2d[${i}][${j}] = ${k2[i][j]} is not the normalized outer product of blur_kernel (${expected})`,
        );
        return;
      }
    }
  }
}

function checkConfig(p: Problems, c: unknown): void {
  if (!isObject(c)) {
    p.add('config must be an object');
    return;
  }
  const size = c.size;
  const sizeOk = isPositiveInt(size) && size >= 8 && (size & (size - 1)) === 0;
  if (!sizeOk) p.add(`config.size must be a power of two >= 8 (got ${JSON.stringify(size)})`);
  for (const key of ['style_dim', 'n_mlp', 'n_latent', 'num_noise_layers']) {
    if (!isPositiveInt(c[key])) p.add(`config.${key} must be a positive integer (got ${JSON.stringify(c[key])})`);
  }
  if (!isFiniteNumber(c.lr_mlp) || c.lr_mlp <= 0) p.add('config.lr_mlp must be a positive number');
  if (c.channel_multiplier !== null && !isPositiveInt(c.channel_multiplier))
    p.add('config.channel_multiplier must be a positive integer or null');
  if (sizeOk) {
    const log2 = Math.log2(size as number);
    if (c.n_latent !== 2 * log2 - 2)
      p.add(`config.n_latent is ${c.n_latent} but a ${size} px generator has ${2 * log2 - 2}`);
    if (c.num_noise_layers !== 2 * log2 - 3)
      p.add(`config.num_noise_layers is ${c.num_noise_layers} but a ${size} px generator has ${2 * log2 - 3}`);
    checkChannels(p, 'generator_channels', c.generator_channels, size as number);
    checkChannels(p, 'discriminator_channels', c.discriminator_channels, size as number);
  }
  checkBlur(p, c);
  const lrelu = c.leaky_relu;
  if (!isObject(lrelu) || !isFiniteNumber(lrelu.negative_slope) || !isFiniteNumber(lrelu.gain))
    p.add('config.leaky_relu must have numeric negative_slope and gain');
  for (const key of ['pixel_norm_eps', 'demodulate_eps']) {
    if (!isFiniteNumber(c[key]) || (c[key] as number) <= 0) p.add(`config.${key} must be a positive number`);
  }
  if (!isFiniteNumber(c.resblock_output_scale) || !near(c.resblock_output_scale, Math.SQRT1_2))
    p.add(`config.resblock_output_scale must be 1/sqrt(2) (got ${JSON.stringify(c.resblock_output_scale)})`);
  checkUpfirdn(p, c.upfirdn);
}

function checkTop(p: Problems, m: Json): void {
  if (m.byteOrder !== 'little') p.add(`byteOrder must be "little" (got ${JSON.stringify(m.byteOrder)})`);
  if (!isPositiveInt(m.alignment)) p.add('alignment must be a positive integer');
  if (typeof m.name !== 'string') p.add('name must be a string');
  if (m.category !== undefined && !(BUNDLE_CATEGORIES as readonly unknown[]).includes(m.category))
    p.add(`category ${JSON.stringify(m.category)} is not one of ${BUNDLE_CATEGORIES.join(', ')}`);
  checkFileName(p, 'weights', m.weights);
  if (!isObject(m.onnx)) p.add('onnx must be an object with mapping and synthesis file names');
  else {
    checkFileName(p, 'onnx.mapping', m.onnx.mapping);
    checkFileName(p, 'onnx.synthesis', m.onnx.synthesis);
  }
  if (!isObject(m.w_avg) || typeof m.w_avg.tensor !== 'string') p.add('w_avg.tensor must name a tensor');
  for (const key of ['synthesis', 'discriminator', 'tensors']) {
    if (!Array.isArray(m[key])) p.add(`${key} must be an array`);
  }
  if (!isObject(m.parity)) p.add('parity must be an object');
  if (!isObject(m.source)) p.add('source must be an object');
}

/**
 * Checks a parsed manifest.json without the weights: format/version first (anything else is refused before
 * looking further), then structure and config consistency. Throws a BundleError listing every problem.
 */
export function validateManifestStructure(json: unknown, where = 'manifest.json'): BundleManifest {
  if (!isObject(json)) throw new BundleError(`${where} is not a JSON object.`);
  if (json.format !== BUNDLE_FORMAT)
    throw new BundleError(`${where}: format is ${JSON.stringify(json.format)}, expected "${BUNDLE_FORMAT}".`);
  if (json.version !== BUNDLE_VERSION)
    throw new BundleError(
      `${where}: version ${JSON.stringify(json.version)} is not supported (this app reads version ${BUNDLE_VERSION}).`,
    );
  const p = new Problems();
  checkTop(p, json);
  checkConfig(p, json.config);
  if (p.list.length > 0) throw new BundleError(`${where} is invalid:`, p.list);
  return json as unknown as BundleManifest;
}
