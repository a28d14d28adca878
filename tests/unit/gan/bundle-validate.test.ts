import { describe, expect, it } from 'vitest';
import { BundleError, expectedGain, validateManifestStructure, validateTensors } from '../../../src/gan/bundle';
import { readManifest } from './fixtureBundle';

const WEIGHTS_BYTES = 178752; // tests/fixtures/stylegan2/bundle/weights.bin

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return [(err as Error).message];
  }
  throw new Error('expected a BundleError');
}

function fullCheck(manifest: unknown, weightsBytes = WEIGHTS_BYTES): void {
  validateTensors(validateManifestStructure(manifest), weightsBytes);
}

describe('manifest validation', () => {
  it('accepts the golden tiny bundle', () => {
    const m = validateManifestStructure(readManifest());
    expect(() => validateTensors(m, WEIGHTS_BYTES)).not.toThrow();
    expect(m.config.n_latent).toBe(10);
  });

  it('refuses another format or version before anything else', () => {
    const m = readManifest();
    expect(problemsOf(() => validateManifestStructure({ ...m, format: 'onnx' }))[0]).toMatch(/format is "onnx"/);
    expect(problemsOf(() => validateManifestStructure({ ...m, version: 2 }))[0]).toMatch(/version 2 is not supported/);
    expect(problemsOf(() => validateManifestStructure([]))[0]).toMatch(/not a JSON object/);
  });

  it('lists every config inconsistency at once', () => {
    const m = readManifest();
    const config = {
      ...(m.config as Record<string, unknown>),
      n_latent: 12,
      num_noise_layers: 3,
      resblock_output_scale: 1,
    };
    const msg = problemsOf(() => validateManifestStructure({ ...m, config }))[0];
    expect(msg).toMatch(/n_latent is 12 but a 64 px generator has 10/);
    expect(msg).toMatch(/num_noise_layers is 3 but a 64 px generator has 9/);
    expect(msg).toMatch(/resblock_output_scale/);
  });

  it('checks size, channel tables, blur kernel and file names', () => {
    const m = readManifest();
    const c = m.config as Record<string, unknown>;
    expect(problemsOf(() => validateManifestStructure({ ...m, config: { ...c, size: 48 } }))[0]).toMatch(
      /power of two/,
    );
    const channels = { ...(c.generator_channels as object), '128': 4 };
    expect(
      problemsOf(() => validateManifestStructure({ ...m, config: { ...c, generator_channels: channels } }))[0],
    ).toMatch(/generator_channels has resolution "128"/);
    const k2 = (c.blur_kernel_2d as number[][]).map((r) => r.map((v) => v * 2));
    expect(problemsOf(() => validateManifestStructure({ ...m, config: { ...c, blur_kernel_2d: k2 } }))[0]).toMatch(
      /normalized outer product/,
    );
    expect(problemsOf(() => validateManifestStructure({ ...m, weights: '../secret.bin' }))[0]).toMatch(
      /plain file name/,
    );
  });

  it('finds a tensor table that runs past weights.bin', () => {
    expect(problemsOf(() => fullCheck(readManifest(), 100_000))[0]).toMatch(
      /weights.bin is truncated: it has 100000 bytes, the tensor table needs 178752 \(\d+ of \d+ tensors lie past its end/,
    );
  });

  it('finds dtype, byteLength, alignment and overlap errors', () => {
    const m = readManifest();
    m.tensors[0] = { ...m.tensors[0], dtype: 'float16' };
    m.tensors[1] = { ...m.tensors[1], byteLength: 60 };
    m.tensors[2] = { ...m.tensors[2], offset: 1024 + 100 };
    const msg = problemsOf(() => fullCheck(m))[0];
    expect(msg).toMatch(/"g_ema.style.1.weight": dtype "float16" is not supported/);
    expect(msg).toMatch(/"g_ema.style.1.bias": byteLength 60 does not match shape \[16\]/);
    expect(msg).toMatch(/"g_ema.style.2.weight": offset 1124 is not a non-negative multiple of the alignment 256/);
  });

  it('finds shapes that do not fit the layer list, missing tensors and wrong gains', () => {
    const m = readManifest();
    const i = m.tensors.findIndex((t) => t.name === 'g_ema.convs.0.conv.modulation.weight');
    m.tensors[i] = { ...m.tensors[i], shape: [16, 8], byteLength: 512 };
    const j = m.tensors.findIndex((t) => t.name === 'd.final_linear.1.bias');
    m.tensors.splice(j, 1);
    const k = m.tensors.findIndex((t) => t.name === 'g_ema.conv1.conv.weight');
    m.tensors[k] = { ...m.tensors[k], gain: 1 };
    const msg = problemsOf(() => fullCheck(m))[0];
    expect(msg).toMatch(
      /"g_ema.convs.0.conv.modulation.weight" has shape \[16, 8\], synthesis\[3\] \(styled_conv\) expects \[16, 16\]/,
    );
    expect(msg).toMatch(/needs tensor "d.final_linear.1.bias", which is not in the tensor table/);
    expect(msg).toMatch(/"g_ema.conv1.conv.weight": gain 1 should be 0.0833/);
  });

  it('derives gains from names and shapes as MODEL_BUNDLE.md states', () => {
    expect(expectedGain('g_ema.style.3.weight', [512, 512], 0.01)).toBeCloseTo(0.01 / Math.sqrt(512), 12);
    expect(expectedGain('g_ema.style.3.bias', [512], 0.01)).toBe(0.01);
    expect(expectedGain('g_ema.conv1.conv.weight', [1, 512, 256, 3, 3], 0.01)).toBeCloseTo(1 / Math.sqrt(256 * 9), 12);
    expect(expectedGain('d.convs.1.conv1.0.weight', [8, 4, 3, 3], 0.01)).toBeCloseTo(1 / 6, 12);
    expect(expectedGain('d.final_linear.0.weight', [16, 256], 0.01)).toBe(1 / 16);
    expect(expectedGain('g_ema.conv1.noise.weight', [1], 0.01)).toBe(1);
    expect(expectedGain('w_avg', [16], 0.01)).toBe(1);
  });
});
