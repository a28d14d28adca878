/**
 * Latent arithmetic around the ONNX graphs: truncation toward w_avg (w' = w_avg + psi (w - w_avg)) and the
 * broadcast of one w per sample to the synthesis graph's n_latent style inputs. CPU versions for the wasm path,
 * truncateOnEngine (kernels on the shared device, no readback) for the WebGPU path; its broadcast is the engine's
 * differentiable broadcastLatents (src/gan/engine/synthesis/latents.ts), the one engine-side broadcast.
 */

import { add, affine, type Tensor, type WebGpuBackend } from '../../engine';

function checkPsi(psi: number): void {
  if (!Number.isFinite(psi)) throw new Error(`Truncation psi must be a finite number (got ${psi}).`);
}

/** w [B, D] (or [B, L, D]) flattened; returns a new array. psi = 1 leaves w unchanged, psi = 0 gives w_avg. */
export function truncateLatents(w: Float32Array, wAvg: Float32Array, psi: number): Float32Array {
  checkPsi(psi);
  const d = wAvg.length;
  if (w.length % d !== 0) throw new Error(`w has ${w.length} values, not a multiple of style_dim ${d}.`);
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const avg = wAvg[i % d];
    out[i] = avg + psi * (w[i] - avg);
  }
  return out;
}

/**
 * CPU-array version of the engine's broadcastLatents for the wasm path: w [B, D] flattened -> [B, nLatent, D],
 * every style input of a sample gets the same w (no style mixing).
 */
export function broadcastLatentsOnCpu(w: Float32Array, styleDim: number, nLatent: number): Float32Array {
  if (w.length % styleDim !== 0) throw new Error(`w has ${w.length} values, not a multiple of style_dim ${styleDim}.`);
  const batch = w.length / styleDim;
  const out = new Float32Array(batch * nLatent * styleDim);
  for (let b = 0; b < batch; b++) {
    const row = w.subarray(b * styleDim, (b + 1) * styleDim);
    for (let l = 0; l < nLatent; l++) out.set(row, (b * nLatent + l) * styleDim);
  }
  return out;
}

/**
 * Engine version of truncateLatents for w [B, D] on the GPU: psi w + (1 - psi) w_avg, the [1, D] term broadcast over
 * the batch by the engine's add. `wAvg` is an engine tensor [1, D]. Returns a new caller-owned tensor; temporaries
 * are released.
 */
export function truncateOnEngine(w: Tensor, wAvg: Tensor, psi: number): Tensor {
  checkPsi(psi);
  if (w.shape.length !== 2 || wAvg.shape.length !== 2 || wAvg.shape[0] !== 1 || wAvg.shape[1] !== w.shape[1])
    throw new Error(`truncateOnEngine: w must be [B, D] and w_avg [1, D] (got [${w.shape}] and [${wAvg.shape}]).`);
  const scaledAvg = affine(wAvg, 1 - psi);
  const scaledW = affine(w, psi);
  const out = add(scaledW, scaledAvg);
  for (const t of [scaledAvg, scaledW]) t.release();
  return out;
}

/** Uploads w_avg as an engine tensor [1, D] (caller-owned). */
export function wAvgOnEngine(backend: WebGpuBackend, wAvg: Float32Array): Tensor {
  return backend.fromArray(wAvg, [1, wAvg.length]);
}
