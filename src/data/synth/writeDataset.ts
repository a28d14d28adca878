// Renders a dataset folder (the synface-v1 contract, docs/SYNTH_DATA.md) with worker threads, writing the
// .npy files in sample order as chunks complete so memory stays flat for any count.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { depthTile, normalTile } from './contactSheet';
import { datasetMeta } from './datasetFormat';
import { loadFaceModelNode } from './loadFaceModelNode';
import { NpyStreamWriter } from './npy';
import { writeRgbPng } from './pngFile';
import { type ChunkRequest, type RenderedChunk, renderChunk } from './renderChunk';

export interface DatasetOptions {
  count: number;
  seed: number;
  size: number;
  out: string;
  supersample: number;
  workers: number;
  png: boolean;
  chunkSize?: number;
  onProgress?: (done: number) => void;
}

export function validateOptions(o: DatasetOptions): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`synth: --${name} must be a positive integer, got ${v}`);
  };
  positiveInt('count', o.count);
  positiveInt('size', o.size);
  positiveInt('workers', o.workers);
  if (!Number.isInteger(o.seed) || o.seed < 0)
    throw new Error(`synth: --seed must be a non-negative integer, got ${o.seed}`);
  if (o.size < 16 || o.size > 512) throw new Error(`synth: --size must be within 16..512, got ${o.size}`);
  if (!Number.isInteger(o.supersample) || o.supersample < 1 || o.supersample % 2 === 0) {
    throw new Error(`synth: --supersample must be an odd positive integer, got ${o.supersample}`);
  }
  if (!o.out) throw new Error('synth: --out DIR is required');
}

export async function writeDataset(o: DatasetOptions): Promise<void> {
  validateOptions(o);
  const model = loadFaceModelNode();
  mkdirSync(o.out, { recursive: true });
  if (o.png) mkdirSync(join(o.out, 'png'), { recursive: true });
  const S = o.size;
  const writers = {
    images: new NpyStreamWriter(join(o.out, 'images.npy'), 'uint8', [o.count, S, S, 3]),
    depth: new NpyStreamWriter(join(o.out, 'depth.npy'), 'float32', [o.count, S, S]),
    mask: new NpyStreamWriter(join(o.out, 'mask.npy'), 'uint8', [o.count, S, S]),
    normals: new NpyStreamWriter(join(o.out, 'normals.npy'), 'float32', [o.count, S, S, 3]),
  };
  const jsonl = createWriteStream(join(o.out, 'samples.jsonl'));
  const chunkSize = o.chunkSize ?? 32;
  const requests: ChunkRequest[] = [];
  for (let start = 0; start < o.count; start += chunkSize) {
    requests.push({
      start,
      count: Math.min(chunkSize, o.count - start),
      seed: o.seed,
      size: S,
      supersample: o.supersample,
    });
  }
  let done = 0;
  const consume = (chunk: RenderedChunk) => {
    writers.images.append(chunk.images);
    writers.depth.append(chunk.depth);
    writers.mask.append(chunk.mask);
    writers.normals.append(chunk.normals);
    jsonl.write(`${chunk.records.join('\n')}\n`);
    if (o.png) writePngs(o.out, chunk, S);
    done += chunk.count;
    o.onProgress?.(done);
  };
  if (o.workers === 1) {
    for (const req of requests) consume(renderChunk(model, req));
  } else {
    await renderWithWorkers(requests, o.workers, consume);
  }
  for (const w of Object.values(writers)) w.close();
  await new Promise<void>((resolve, reject) => jsonl.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const meta = datasetMeta({
    count: o.count,
    size: S,
    seed: o.seed,
    supersample: o.supersample,
    textures: model.textures.length,
    shapeModes: model.shapeModes.length,
  });
  writeFileSync(join(o.out, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

function writePngs(out: string, chunk: RenderedChunk, S: number): void {
  const px = S * S;
  for (let k = 0; k < chunk.count; k++) {
    const name = String(chunk.start + k).padStart(6, '0');
    const mask = chunk.mask.subarray(k * px, (k + 1) * px);
    writeRgbPng(join(out, 'png', `${name}_image.png`), S, S, chunk.images.subarray(k * px * 3, (k + 1) * px * 3));
    writeRgbPng(
      join(out, 'png', `${name}_depth.png`),
      S,
      S,
      depthTile(chunk.depth.subarray(k * px, (k + 1) * px), mask, S).rgb,
    );
    writeRgbPng(
      join(out, 'png', `${name}_normal.png`),
      S,
      S,
      normalTile(chunk.normals.subarray(k * px * 3, (k + 1) * px * 3), mask, S).rgb,
    );
  }
}

/** Hands chunks to a pool of workers and delivers results strictly in dataset order. */
async function renderWithWorkers(
  requests: ChunkRequest[],
  workerCount: number,
  consume: (c: RenderedChunk) => void,
): Promise<void> {
  const workerUrl = new URL('./cli/synthWorkerBootstrap.mjs', import.meta.url);
  const pending = new Map<number, RenderedChunk>();
  let nextToSend = 0;
  let nextToWrite = 0;
  const workers = Array.from({ length: Math.min(workerCount, requests.length) }, () => new Worker(workerUrl));
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (nextToSend < requests.length) w.postMessage(requests[nextToSend++]);
      };
      for (const w of workers) {
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0 && nextToWrite < requests.length) reject(new Error(`synth worker exited with code ${code}`));
        });
        w.on('message', (chunk: RenderedChunk) => {
          pending.set(chunk.start, chunk);
          while (nextToWrite < requests.length && pending.has(requests[nextToWrite].start)) {
            const ready = pending.get(requests[nextToWrite].start) as RenderedChunk;
            pending.delete(ready.start);
            consume(ready);
            nextToWrite++;
          }
          if (nextToWrite === requests.length) resolve();
          else feed(w);
        });
        // two chunks in flight per worker so a worker never idles while the main thread writes
        feed(w);
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
