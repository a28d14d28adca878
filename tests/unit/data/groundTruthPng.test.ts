// The bundled synthetic samples' ground truth as the page reads it: the 16-bit depth PNG in the Unsup3d
// convention (the export's writer is the reference for the scale) and the 8-bit mask, decoded without a DOM.
import { readFileSync } from 'node:fs';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { groundTruthObjectMask } from '../../../src/data/metrics/evaluationMask';
import {
  decodeDepth16Png,
  decodeMaskPng,
  grey16ToDepth,
  maskAreaFraction,
} from '../../../src/data/synth/groundTruthPng';
import { depthToPng16 } from '../../../src/gan2shape/export/images';

const SAMPLE = 'public/samples/synface/synface_1000000';

describe('ground-truth PNGs of the synthetic samples', () => {
  it('maps grey 0 to the background 1.1 and 65535 to 0.9 (d = 1 + 0.1 (1 - 2g))', () => {
    expect(grey16ToDepth(0)).toBeCloseTo(1.1, 12);
    expect(grey16ToDepth(65535)).toBeCloseTo(0.9, 12);
    expect(grey16ToDepth(32767.5)).toBeCloseTo(1.0, 12);
  });

  it('reads back a depth map written in the convention to within one grey level', () => {
    const size = 5;
    const depth = Float32Array.from({ length: size * size }, (_, i) => 0.92 + (i / (size * size)) * 0.17);
    const got = decodeDepth16Png(depthToPng16(depth, size));
    expect(got.size).toBe(size);
    for (let i = 0; i < depth.length; i++) expect(Math.abs(got.depth[i] - depth[i])).toBeLessThan(0.2 / 65535 + 1e-7);
  });

  it('decodes a bundled sample: 64 px, background at 1.1, the face nearer, the mask its object pixels', () => {
    const { size, depth } = decodeDepth16Png(readFileSync(`${SAMPLE}_depth16.png`));
    expect(size).toBe(64);
    expect(depth[0]).toBeCloseTo(1.1, 6);
    const face = depth.filter((d) => d < 1.1 - 1e-6);
    expect(face.length).toBeGreaterThan(500);
    expect(Math.min(...face)).toBeGreaterThan(0.9);
    const mask = decodeMaskPng(readFileSync(`${SAMPLE}_mask.png`));
    expect([mask.width, mask.height]).toEqual([64, 64]);
    const grey = Array.from({ length: 64 * 64 }, (_, i) => mask.data[i * 4]);
    expect(new Set(grey)).toEqual(new Set([0, 255]));
    expect(mask.data[1]).toBe(mask.data[0]);
    expect(mask.data[3]).toBe(255);
    // The sample's mask is exactly its depth's object (nearer than the background).
    const object = groundTruthObjectMask(depth);
    expect(grey.map((g) => (g ? 1 : 0))).toEqual(Array.from(object));
    expect(maskAreaFraction(mask)).toBeCloseTo(face.length / (64 * 64), 12);
  });

  it('refuses a PNG of the wrong kind, saying what it expected', () => {
    const grey8 = encode({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 });
    expect(() => decodeDepth16Png(grey8)).toThrow(/16-bit grey PNG, got 1 channel\(s\) of 8 bits/);
    const rgb16 = encode({ width: 2, height: 2, data: new Uint16Array(12), depth: 16, channels: 3 });
    expect(() => decodeMaskPng(rgb16)).toThrow(/8-bit grey PNG/);
    const wide = encode({ width: 3, height: 2, data: new Uint16Array(6), depth: 16, channels: 1 });
    expect(() => decodeDepth16Png(wide)).toThrow(/square/);
  });
});
