/** Helpers shared by the gan unit tests: the golden tiny bundle and hand-broken copies in a temp dir. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURE_DIR = resolve('tests/fixtures/stylegan2');
export const BUNDLE_DIR = join(FIXTURE_DIR, 'bundle');

export function readManifest(): Record<string, unknown> & { tensors: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(join(BUNDLE_DIR, 'manifest.json'), 'utf8'));
}

/** Copies the fixture bundle into a fresh temp dir; `edit` may rewrite files there. Returns the dir and a cleanup. */
export function brokenCopy(edit: (dir: string) => void): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gan-bundle-'));
  cpSync(BUNDLE_DIR, dir, { recursive: true });
  edit(dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeManifest(dir: string, manifest: unknown): void {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/** The golden PyTorch results (golden.json + golden.bin) by name. */
export function readGolden(): Map<string, { shape: number[]; data: Float32Array }> {
  const meta = JSON.parse(readFileSync(join(FIXTURE_DIR, 'golden.json'), 'utf8')) as {
    tensors: { name: string; shape: number[]; offset: number; byteLength: number }[];
  };
  const bytes = new Uint8Array(readFileSync(join(FIXTURE_DIR, 'golden.bin')));
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of meta.tensors) {
    out.set(t.name, { shape: t.shape, data: new Float32Array(bytes.slice(t.offset, t.offset + t.byteLength).buffer) });
  }
  return out;
}
