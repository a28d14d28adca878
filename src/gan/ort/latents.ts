/**
 * Latent arithmetic around the ONNX graphs: truncation toward w_avg (w' = w_avg + psi (w - w_avg)) and the
 * broadcast of one w per sample to the synthesis graph's n_latent style inputs. CPU versions for the wasm path,
 * engine versions (kernels on the shared device, no readback) for the WebGPU path.
 */

import { add, affine, concat, reshape, type Tensor, type WebGpuBackend } from '../../engine';

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

/** w [B, D] -> [B, nLatent, D]: every style input of a sample gets the same w (no style mixing). */
export function broadcastLatents(w: Float32Array, styleDim: number, nLatent: number): Float32Array {
  if (w.length % styleDim !== 0) throw new Error(`w has ${w.length} values, not a multiple of style_dim ${styleDim}.`);
  const batch = w.length / styleDim;
  const out = new Float32Array(batch * nLatent * styleDim);
  for (let b = 0; b < batch; b++) {
    const row = w.subarray(b * styleDim, (b + 1) * styleDim);
    for (let l = 0; l < nLatent; l++) out.set(row, (b * nLatent + l) * styleDim);
  }
  return out;
}

/** Repeats x `times` times along `axis` (0 or 1) of its 4-D view `shape4` (the engine's concat is NCHW-only). */
function repeatOnEngine(x: Tensor, shape4: number[], axis: 0 | 1, times: number, outShape: number[]): Tensor {
  const x4 = reshape(x, shape4);
  const tiled =
    times === 1
      ? x4
      : concat(
          Array.from({ length: times }, () => x4),
          axis,
        );
  const out = reshape(tiled, outShape);
  if (tiled !== x4) tiled.release();
  x4.release();
  return out;
}

/**
 * Engine version of truncateLatents for w [B, D] on the GPU. `wAvg` is an engine tensor [1, D]. Returns a new
 * caller-owned tensor; temporaries are released.
 */
export function truncateOnEngine(w: Tensor, wAvg: Tensor, psi: number): Tensor {
  checkPsi(psi);
  if (w.shape.length !== 2 || wAvg.shape.length !== 2 || wAvg.shape[0] !== 1 || wAvg.shape[1] !== w.shape[1])
    throw new Error(`truncateOnEngine: w must be [B, D] and w_avg [1, D] (got [${w.shape}] and [${wAvg.shape}]).`);
  const [batch, d] = w.shape;
  const scaledAvg = affine(wAvg, 1 - psi);
  const avgRows = repeatOnEngine(scaledAvg, [1, d, 1, 1], 0, batch, [batch, d]);
  const scaledW = affine(w, psi);
  const out = add(scaledW, avgRows);
  for (const t of [scaledAvg, avgRows, scaledW]) t.release();
  return out;
}

/** Engine version of broadcastLatents: w [B, D] -> new tensor [B, nLatent, D]. */
export function broadcastOnEngine(w: Tensor, nLatent: number): Tensor {
  if (w.shape.length !== 2) throw new Error(`broadcastOnEngine: w must be [B, D] (got [${w.shape}]).`);
  const [batch, d] = w.shape;
  return repeatOnEngine(w, [batch, 1, d, 1], 1, nLatent, [batch, nLatent, d]);
}

/** Uploads w_avg as an engine tensor [1, D] (caller-owned). */
export function wAvgOnEngine(backend: WebGpuBackend, wAvg: Float32Array): Tensor {
  return backend.fromArray(wAvg, [1, wAvg.length]);
}
