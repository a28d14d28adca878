/**
 * A FetchLike for Node (tests, CLI tools): maps URLs under `root` to files, streaming them in chunks so the
 * loader's progress path runs as in the browser. Missing files answer 404. Not imported by browser code.
 */

import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { FetchLike } from './fetchBytes';

export function nodeFileFetch(root: string, options: { chunkBytes?: number } = {}): FetchLike {
  const base = resolve(root);
  return async (url) => {
    const path = resolve(base, decodeURIComponent(url));
    if (path !== base && !path.startsWith(base + sep)) return new Response(null, { status: 403 });
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return new Response(null, { status: 404 });
      size = stat.size;
    } catch {
      return new Response(null, { status: 404 });
    }
    const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
    });
  };
}
