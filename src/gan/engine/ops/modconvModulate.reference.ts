/**
 * Float64 reference of the modulation of StyleGAN2's non-fused modulated conv: the conv input scaled by the style
 * per sample and input channel, x [N,C,H,W], s [N,C]:
 *
 *   y[n,c,p] = x[n,c,p] s[n,c]
 *   dx[n,c,p] = g[n,c,p] s[n,c],   ds[n,c] = sum_p g[n,c,p] x[n,c,p]
 */
export function modulateForward(x: Float64Array, s: Float64Array, pixels: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] * s[Math.floor(i / pixels)];
  return y;
}

export function modulateBackward(
  x: Float64Array,
  s: Float64Array,
  g: Float64Array,
  pixels: number,
): { dx: Float64Array; ds: Float64Array } {
  const dx = new Float64Array(x.length);
  const ds = new Float64Array(s.length);
  for (let i = 0; i < x.length; i++) {
    const row = Math.floor(i / pixels);
    dx[i] = g[i] * s[row];
    ds[row] += g[i] * x[i];
  }
  return { dx, ds };
}
