/**
 * Float64 reference of the demodulation coefficients of StyleGAN2's modulated convolution in the non-fused form
 * (tools/stylegan2/model.py ModulatedConv2d):
 *
 *   d[n,o] = rsqrt( sum_i s[n,i]^2 E[o,i] + eps ),   E[o,i] = sum_k W~[o,i,k]^2 (the frozen weight energy)
 *
 * which equals rsqrt(sum_{i,k} (W~[o,i,k] s[n,i])^2 + eps) of the fused per-sample weights, but needs no per-sample
 * weight: one conv serves the whole batch and the output is scaled by d afterwards.
 *
 * Backward (E is frozen): dd/ds[n,i] = -d[n,o]^3 s[n,i] E[o,i], so
 *   ds[n,i] = -s[n,i] * sum_o g[n,o] d[n,o]^3 E[o,i].
 */
export interface DemodDims {
  batch: number;
  inChannels: number;
  outChannels: number;
}

export function demodForward(style: Float64Array, energy: Float64Array, dims: DemodDims, eps: number): Float64Array {
  const { batch, inChannels: ci, outChannels: co } = dims;
  const d = new Float64Array(batch * co);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < co; o++) {
      let q = 0;
      for (let i = 0; i < ci; i++) q += style[n * ci + i] ** 2 * energy[o * ci + i];
      d[n * co + o] = 1 / Math.sqrt(q + eps);
    }
  }
  return d;
}

/** ds from the style, the energy, the forward output d and the upstream gradient g (both [N, O]). */
export function demodBackward(
  style: Float64Array,
  energy: Float64Array,
  d: Float64Array,
  g: Float64Array,
  dims: DemodDims,
): Float64Array {
  const { batch, inChannels: ci, outChannels: co } = dims;
  const ds = new Float64Array(batch * ci);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < ci; i++) {
      let acc = 0;
      for (let o = 0; o < co; o++) acc += g[n * co + o] * d[n * co + o] ** 3 * energy[o * ci + i];
      ds[n * ci + i] = -style[n * ci + i] * acc;
    }
  }
  return ds;
}
