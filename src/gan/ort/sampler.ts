/**
 * Sampling images from latent codes: mapping, truncation toward w_avg, broadcast to every style input, synthesis.
 * sampleOnGpu keeps everything on the shared device (engine kernels for truncation and broadcast between the two
 * ORT runs); sampleOnCpu works on both EPs and splits large batches into runs of at most `maxBatch` samples.
 */

import type { Tensor } from '../../engine';
import { broadcastLatents } from '../engine/synthesis/latents';
import type { GanOutput } from './gpuOutput';
import { broadcastLatentsOnCpu, truncateLatents, truncateOnEngine, wAvgOnEngine } from './latents';
import type { GanOrtSessions } from './sessions';

export interface SampleOptions {
  /** Truncation psi: 1 = none (default), 0 = w_avg; GAN2Shape-style previews use about 0.7. */
  psi?: number;
}

/** z [B, D] engine tensor -> image [B, 3, S, S] left in an ORT GPU buffer (dispose the output when done). */
export async function sampleOnGpu(gan: GanOrtSessions, z: Tensor, options: SampleOptions = {}): Promise<GanOutput> {
  const backend = gan.backend;
  if (!backend) throw new Error(`sampleOnGpu needs the WebGPU EP; ${gan.status.summary}`);
  const psi = options.psi ?? 1;
  const c = gan.bundle.config;
  const wOut = await gan.mapping(z);
  const temps: Tensor[] = [];
  try {
    let w: Tensor = wOut.engineView(backend);
    if (psi !== 1) {
      const avg = wAvgOnEngine(backend, gan.bundle.wAvg());
      temps.push(avg);
      w = truncateOnEngine(w, avg, psi);
      temps.push(w);
    }
    const wPlus = broadcastLatents(w, c.n_latent);
    temps.push(wPlus);
    return await gan.synthesis(wPlus);
  } finally {
    // synthesis() flushed the engine before ORT read wPlus, and ORT's commands are queued behind it, so the
    // temporaries can go back to the pool now.
    for (const t of temps) t.release();
    wOut.dispose();
  }
}

/** z [B * D] on the CPU -> images [B * 3 * S * S] on the CPU, in runs of at most maxBatch samples. */
export async function sampleOnCpu(
  gan: GanOrtSessions,
  z: Float32Array,
  options: SampleOptions & { maxBatch?: number } = {},
): Promise<Float32Array> {
  const c = gan.bundle.config;
  const d = c.style_dim;
  if (z.length === 0 || z.length % d !== 0)
    throw new Error(`z has ${z.length} values, not a positive multiple of ${d}.`);
  const batch = z.length / d;
  const maxBatch = options.maxBatch ?? 8;
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new Error(`maxBatch must be a positive integer (got ${maxBatch}).`);
  const imageSize = 3 * c.size * c.size;
  const images = new Float32Array(batch * imageSize);
  for (let start = 0; start < batch; start += maxBatch) {
    const n = Math.min(maxBatch, batch - start);
    const wOut = await gan.mapping({ data: z.subarray(start * d, (start + n) * d), dims: [n, d] });
    let w: Float32Array;
    try {
      w = await wOut.read();
    } finally {
      wOut.dispose();
    }
    const truncated =
      options.psi === undefined || options.psi === 1 ? w : truncateLatents(w, gan.bundle.wAvg(), options.psi);
    const wPlus = broadcastLatentsOnCpu(truncated, d, c.n_latent);
    const imageOut = await gan.synthesis({ data: wPlus, dims: [n, c.n_latent, d] });
    try {
      images.set(await imageOut.read(), start * imageSize);
    } finally {
      imageOut.dispose();
    }
  }
  return images;
}
