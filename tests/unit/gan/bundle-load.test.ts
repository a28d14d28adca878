import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, type BundleProgress, loadBundle } from '../../../src/gan/bundle';
import { nodeFileFetch } from '../../../src/gan/bundle/nodeFileFetch';
import { BUNDLE_DIR, brokenCopy, readManifest, writeManifest } from './fixtureBundle';

async function loadFrom(dir: string, onProgress?: (p: BundleProgress) => void) {
  return loadBundle('', { fetch: nodeFileFetch(dir, { chunkBytes: 16 * 1024 }), onProgress });
}

async function loadError(dir: string): Promise<string> {
  try {
    await loadFrom(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return (err as Error).message;
  }
  throw new Error('expected the load to fail');
}

describe('loadBundle on the golden tiny bundle', () => {
  it('loads all four files with per-file and total progress', async () => {
    const events: BundleProgress[] = [];
    const bundle = await loadFrom(BUNDLE_DIR, (p) => events.push(p));
    expect(bundle.name).toBe('golden-tiny-64');
    const last = events[events.length - 1];
    const sizes = ['manifest.json', 'weights.bin', 'mapping.onnx', 'synthesis.onnx'].map(
      (f) => readFileSync(join(BUNDLE_DIR, f)).byteLength,
    );
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    expect(last.loaded).toBe(totalBytes);
    expect(last.total).toBe(totalBytes);
    expect(last.files.map((f) => f.file).sort()).toEqual([
      'manifest.json',
      'mapping.onnx',
      'synthesis.onnx',
      'weights.bin',
    ]);
    // weights.bin (178 kB) arrives in 16 kB chunks: progress must be reported along the way, monotonically.
    const weightSteps = events.map((e) => e.files.find((f) => f.file === 'weights.bin')?.loaded ?? 0);
    expect(new Set(weightSteps).size).toBeGreaterThan(5);
    for (let i = 1; i < weightSteps.length; i++) expect(weightSteps[i]).toBeGreaterThanOrEqual(weightSteps[i - 1]);
  });

  it('returns the stored values of a named tensor, without the gain', async () => {
    const bundle = await loadFrom(BUNDLE_DIR);
    const entry = bundle.entry('g_ema.style.1.weight');
    const raw = readFileSync(join(BUNDLE_DIR, 'weights.bin'));
    const expected = new Float32Array(new Uint8Array(raw).buffer, entry.offset, 256);
    const actual = bundle.tensor('g_ema.style.1.weight');
    expect(actual.length).toBe(256);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(entry.gain).toBeCloseTo(0.01 / 4, 12);
    expect(bundle.wAvg().length).toBe(16);
    expect(() => bundle.tensor('g_ema.nope')).toThrow(/has no tensor "g_ema.nope"/);
  });
});

describe('loadBundle on broken copies', () => {
  it('names a missing file', async () => {
    const copy = brokenCopy((dir) => rmSync(join(dir, 'synthesis.onnx')));
    try {
      expect(await loadError(copy.dir)).toMatch(/Bundle file synthesis.onnx is missing/);
    } finally {
      copy.cleanup();
    }
  });

  it('refuses a truncated weights.bin through the tensor table', async () => {
    const copy = brokenCopy((dir) => {
      const bytes = readFileSync(join(dir, 'weights.bin'));
      writeFileSync(join(dir, 'weights.bin'), bytes.subarray(0, 150_000));
    });
    try {
      expect(await loadError(copy.dir)).toMatch(
        /weights.bin is truncated: it has 150000 bytes, the tensor table needs 178752/,
      );
    } finally {
      copy.cleanup();
    }
  });

  it('refuses a wrong version and a manifest that is not JSON', async () => {
    const copy = brokenCopy((dir) => writeManifest(dir, { ...readManifest(), version: 3 }));
    try {
      expect(await loadError(copy.dir)).toMatch(/version 3 is not supported/);
      writeFileSync(join(copy.dir, 'manifest.json'), '<!doctype html><html></html>');
      expect(await loadError(copy.dir)).toMatch(/not valid JSON/);
    } finally {
      copy.cleanup();
    }
  });

  it('refuses an ONNX file that is something else', async () => {
    const copy = brokenCopy((dir) => writeFileSync(join(dir, 'mapping.onnx'), '<!doctype html>'));
    try {
      expect(await loadError(copy.dir)).toMatch(/mapping.onnx is not an ONNX model/);
    } finally {
      copy.cleanup();
    }
  });

  it('treats an HTML fallback page as a missing file', async () => {
    const fetchHtml = async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } });
    await expect(loadBundle('models/x', { fetch: fetchHtml })).rejects.toThrow(
      /manifest.json is missing \(models\/x\/manifest.json returned an HTML page/,
    );
  });

  it('finds a truncated download and reads bodies of unknown length', async () => {
    const body = (n: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(n).fill(7));
          controller.close();
        },
      });
    const short = async () => new Response(body(50), { headers: { 'content-length': '100' } });
    await expect(loadBundle('b', { fetch: short })).rejects.toThrow(/manifest.json is truncated: got 50 of 100 bytes/);
    // Without Content-Length the loader still reads everything; the bytes then fail as JSON, as they should.
    const events: number[] = [];
    const unknown = async () => new Response(body(30));
    await expect(
      loadBundle('b', { fetch: unknown, onProgress: (p) => events.push(p.total === null ? -1 : p.total) }),
    ).rejects.toThrow(/not valid JSON/);
    expect(events[0]).toBe(-1);
    expect(events[events.length - 1]).toBe(30);
  });
});
