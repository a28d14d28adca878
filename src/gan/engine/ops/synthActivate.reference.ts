/**
 * Float64 reference of the fused epilogue of a StyleGAN2 styled conv (tools/stylegan2/model.py StyledConv after
 * the conv): demodulation, noise injection, bias and leaky ReLU with gain, in one pass over x [N,C,H,W]:
 *
 *   pre[n,c,p] = x[n,c,p] d[n,c] + nw noise[p] + b[c]          (p = h W + w; noise is the fixed [1,1,H,W] map)
 *   y[n,c,p]   = gain * (pre > 0 ? pre : slope pre)
 *
 * Backward w.r.t. x and d (noise, its weight nw and the bias b are frozen generator parameters):
 *   a = g gain (pre > 0 ? 1 : slope)          (PyTorch's leaky_relu takes the left derivative at 0)
 *   dx[n,c,p] = a d[n,c],   dd[n,c] = sum_p a x[n,c,p].
 */
export interface SynthActivateDims {
  batch: number;
  channels: number;
  /** H * W */
  pixels: number;
}

export interface LeakyReluParams {
  slope: number;
  gain: number;
}

function preActivation(
  x: Float64Array,
  d: Float64Array,
  noise: Float64Array,
  noiseWeight: number,
  bias: Float64Array,
  dims: SynthActivateDims,
  index: number,
): number {
  const row = Math.floor(index / dims.pixels);
  const p = index - row * dims.pixels;
  return x[index] * d[row] + noiseWeight * noise[p] + bias[row % dims.channels];
}

export function synthActivateForward(
  x: Float64Array,
  d: Float64Array,
  noise: Float64Array,
  noiseWeight: number,
  bias: Float64Array,
  dims: SynthActivateDims,
  act: LeakyReluParams,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const pre = preActivation(x, d, noise, noiseWeight, bias, dims, i);
    y[i] = act.gain * (pre > 0 ? pre : act.slope * pre);
  }
  return y;
}

export function synthActivateBackward(
  x: Float64Array,
  d: Float64Array,
  noise: Float64Array,
  noiseWeight: number,
  bias: Float64Array,
  g: Float64Array,
  dims: SynthActivateDims,
  act: LeakyReluParams,
): { dx: Float64Array; dd: Float64Array } {
  const dx = new Float64Array(x.length);
  const dd = new Float64Array(d.length);
  for (let i = 0; i < x.length; i++) {
    const pre = preActivation(x, d, noise, noiseWeight, bias, dims, i);
    const a = g[i] * act.gain * (pre > 0 ? 1 : act.slope);
    const row = Math.floor(i / dims.pixels);
    dx[i] = a * d[row];
    dd[row] += a * x[i];
  }
  return { dx, dd };
}
