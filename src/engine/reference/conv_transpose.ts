/**
 * Float64 reference for conv_transpose2d (PyTorch ConvTranspose2d, groups 1, no dilation), written directly in
 * scatter form so that it checks the GPU path, which reuses the conv2d kernels with swapped roles.
 * x [N,CI,H,W], weight [CI,CO,KH,KW], output [N,CO,OH,OW] with OH = (H-1) s - 2p + KH + outputPadding:
 *   y[n,co,iy*s-p+ky,ix*s-p+kx] += x[n,ci,iy,ix] w[ci,co,ky,kx]   (targets outside the output are dropped)
 *   y += bias[co]
 * Backward: dx[n,ci,iy,ix] = sum_{co,ky,kx} w[ci,co,ky,kx] dy[n,co,iy*s-p+ky,ix*s-p+kx]  (a conv2d of dy)
 *           dw[ci,co,ky,kx] = sum_{n,iy,ix} x[n,ci,iy,ix] dy[n,co,iy*s-p+ky,ix*s-p+kx]
 */
export interface ConvTransposeDims {
  n: number;
  ci: number;
  h: number;
  w: number;
  co: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  stride: number;
  pad: number;
}

export function convTransposeOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  outputPadding: number,
): number {
  return (size - 1) * stride - 2 * pad + kernel + outputPadding;
}

function forEachScatter(d: ConvTransposeDims, visit: (xIndex: number, wIndex: number, yIndex: number) => void): void {
  for (let n = 0; n < d.n; n++) {
    for (let ci = 0; ci < d.ci; ci++) {
      for (let iy = 0; iy < d.h; iy++) {
        for (let ix = 0; ix < d.w; ix++) {
          const xIndex = ((n * d.ci + ci) * d.h + iy) * d.w + ix;
          for (let co = 0; co < d.co; co++) {
            for (let ky = 0; ky < d.kh; ky++) {
              const oy = iy * d.stride - d.pad + ky;
              if (oy < 0 || oy >= d.oh) continue;
              for (let kx = 0; kx < d.kw; kx++) {
                const ox = ix * d.stride - d.pad + kx;
                if (ox < 0 || ox >= d.ow) continue;
                visit(xIndex, ((ci * d.co + co) * d.kh + ky) * d.kw + kx, ((n * d.co + co) * d.oh + oy) * d.ow + ox);
              }
            }
          }
        }
      }
    }
  }
}

export function convTranspose2dForward(
  x: Float64Array,
  weight: Float64Array,
  bias: Float64Array | null,
  d: ConvTransposeDims,
): Float64Array {
  const y = new Float64Array(d.n * d.co * d.oh * d.ow);
  if (bias) for (let i = 0; i < y.length; i++) y[i] = bias[Math.floor(i / (d.oh * d.ow)) % d.co];
  forEachScatter(d, (xi, wi, yi) => {
    y[yi] += x[xi] * weight[wi];
  });
  return y;
}

export function convTranspose2dBackwardInput(
  dy: Float64Array,
  weight: Float64Array,
  d: ConvTransposeDims,
): Float64Array {
  const dx = new Float64Array(d.n * d.ci * d.h * d.w);
  forEachScatter(d, (xi, wi, yi) => {
    dx[xi] += weight[wi] * dy[yi];
  });
  return dx;
}

export function convTranspose2dBackwardWeight(dy: Float64Array, x: Float64Array, d: ConvTransposeDims): Float64Array {
  const dw = new Float64Array(d.ci * d.co * d.kh * d.kw);
  forEachScatter(d, (xi, wi, yi) => {
    dw[wi] += x[xi] * dy[yi];
  });
  return dw;
}
