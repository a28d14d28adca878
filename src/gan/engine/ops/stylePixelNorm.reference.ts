/**
 * Float64 reference of StyleGAN2's PixelNorm on latent rows x [N, D] (the first layer of the mapping network):
 *
 *   r[n] = rsqrt(mean_j x[n,j]^2 + eps),   y[n,j] = x[n,j] r[n]
 *
 * Backward: dr/dx[n,k] = -r^3 x[n,k] / D, so dx[n,k] = r g[n,k] - x[n,k] r^3 (sum_j g[n,j] x[n,j]) / D.
 */
export function pixelNormForward(x: Float64Array, rows: number, dim: number, eps: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let n = 0; n < rows; n++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += x[n * dim + j] ** 2;
    const r = 1 / Math.sqrt(sq / dim + eps);
    for (let j = 0; j < dim; j++) y[n * dim + j] = x[n * dim + j] * r;
  }
  return y;
}

export function pixelNormBackward(
  x: Float64Array,
  g: Float64Array,
  rows: number,
  dim: number,
  eps: number,
): Float64Array {
  const dx = new Float64Array(x.length);
  for (let n = 0; n < rows; n++) {
    let sq = 0;
    let dot = 0;
    for (let j = 0; j < dim; j++) {
      sq += x[n * dim + j] ** 2;
      dot += g[n * dim + j] * x[n * dim + j];
    }
    const r = 1 / Math.sqrt(sq / dim + eps);
    for (let j = 0; j < dim; j++) dx[n * dim + j] = r * g[n * dim + j] - (x[n * dim + j] * r ** 3 * dot) / dim;
  }
  return dx;
}
