/**
 * loadBundle(): fetches manifest.json (validated before anything large is downloaded), then weights.bin and the
 * two ONNX graphs concurrently, reporting bytes per file and in total. Works with window.fetch in the browser and
 * with nodeFileFetch() in Node.
 */

import { BundleError } from './errors';
import { type FetchLike, type FileProgress, fetchBytes } from './fetchBytes';
import { ModelBundle } from './modelBundle';
import { validateManifestStructure } from './validate';

export interface BundleProgress {
  /** Per file; `total` null while unknown. */
  files: FileProgress[];
  loaded: number;
  /** Sum of the known totals; null while any file's size is unknown. */
  total: number | null;
}

export interface LoadBundleOptions {
  fetch?: FetchLike;
  onProgress?: (progress: BundleProgress) => void;
  signal?: AbortSignal;
}

function joinUrl(base: string, file: string): string {
  return base === '' ? file : `${base.replace(/\/+$/, '')}/${file}`;
}

/** `baseUrl` is the bundle folder (e.g. 'models/synface-64' or an absolute URL). */
export async function loadBundle(baseUrl: string, options: LoadBundleOptions = {}): Promise<ModelBundle> {
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const progress = new Map<string, FileProgress>();
  const report = (p: FileProgress) => {
    progress.set(p.file, p);
    if (!options.onProgress) return;
    const files = [...progress.values()];
    const loaded = files.reduce((a, f) => a + f.loaded, 0);
    const total = files.every((f) => f.total !== null) ? files.reduce((a, f) => a + (f.total ?? 0), 0) : null;
    options.onProgress({ files, loaded, total });
  };
  const get = (file: string) => fetchBytes(fetchFn, joinUrl(baseUrl, file), file, report, options.signal);

  const manifestBytes = await get('manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (err) {
    throw new BundleError(`manifest.json of ${baseUrl} is not valid JSON: ${(err as Error).message}`);
  }
  const manifest = validateManifestStructure(json, `${joinUrl(baseUrl, 'manifest.json')}`);
  const [weights, mapping, synthesis] = await Promise.all([
    get(manifest.weights),
    get(manifest.onnx.mapping),
    get(manifest.onnx.synthesis),
  ]);
  return new ModelBundle({ manifest: json, weights, mapping, synthesis });
}
