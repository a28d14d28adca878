/**
 * Fetching one bundle file as bytes with progress. `FetchLike` is the subset of fetch() the loader uses, so Node
 * tests can pass a file-reading adapter (nodeFileFetch.ts) and the browser passes window.fetch.
 */

import { BundleError } from './errors';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FileProgress {
  /** File name inside the bundle (e.g. 'weights.bin'). */
  file: string;
  loaded: number;
  /** From Content-Length; null when the server does not say (compressed responses). */
  total: number | null;
}

export async function fetchBytes(
  fetchFn: FetchLike,
  url: string,
  file: string,
  onProgress: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchFn(url, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new BundleError(`Could not fetch ${file} from ${url}: ${String(err)}`);
  }
  if (!response.ok)
    throw new BundleError(
      response.status === 404
        ? `Bundle file ${file} is missing (${url} answered 404).`
        : `Fetching ${file} from ${url} failed with HTTP ${response.status}.`,
    );
  // A dev server's SPA fallback answers unknown paths with index.html and status 200: that is a missing file.
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html') && !file.endsWith('.html'))
    throw new BundleError(`Bundle file ${file} is missing (${url} returned an HTML page, not the file).`);
  const lengthHeader = response.headers.get('content-length');
  // Content-Length counts encoded bytes; under Content-Encoding it says nothing about the body we read.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const declared = lengthHeader === null || encoded ? Number.NaN : Number(lengthHeader);
  const total = Number.isInteger(declared) && declared >= 0 ? declared : null;
  onProgress({ file, loaded: 0, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress({ file, loaded: bytes.byteLength, total: total ?? bytes.byteLength });
    return bytes;
  }
  const reader = response.body.getReader();
  // With a known size the chunks go straight into one buffer: a large weights.bin is never held twice.
  let bytes = new Uint8Array(total ?? 0);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total !== null) {
      if (loaded + value.byteLength > total) {
        await reader.cancel();
        throw new BundleError(`Bundle file ${file} is larger than its Content-Length ${total} (${url}).`);
      }
      bytes.set(value, loaded);
    } else chunks.push(value);
    loaded += value.byteLength;
    onProgress({ file, loaded, total });
  }
  if (total !== null && loaded !== total)
    throw new BundleError(`Bundle file ${file} is truncated: got ${loaded} of ${total} bytes from ${url}.`);
  if (total === null) {
    bytes = new Uint8Array(loaded);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
  }
  onProgress({ file, loaded, total: loaded });
  return bytes;
}
