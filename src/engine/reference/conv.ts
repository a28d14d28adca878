/**
 * Float64 reference for conv2d (PyTorch semantics, NCHW, square stride and symmetric zero padding per axis,
 * no dilation, groups 1). With x [N,CI,H,W], weight [CO,CI,KH,KW], output [N,CO,OH,OW],
 * OH = floor((H + 2 pad - KH) / stride) + 1 (same for OW):
 *   y[n,co,oy,ox] = bias[co] + sum_{ci,ky,kx} w[co,ci,ky,kx] x[n,ci,oy*s-p+ky,ox*s-p+kx]   (x = 0 outside)
 * Backward, from the same sum:
 *   dx[n,ci,iy,ix] = sum over (co,ky,kx) with iy = oy*s-p+ky, ix = ox*s-p+kx of w[co,ci,ky,kx] dy[n,co,oy,ox]
 *   dw[co,ci,ky,kx] = sum_{n,oy,ox} dy[n,co,oy,ox] x[n,ci,oy*s-p+ky,ox*s-p+kx]
 *   dbias[co] = sum_{n,oy,ox} dy[n,co,oy,ox]   (reference/sum.ts)
 */
export interface ConvDims {
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

export function convOutputSize(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** Visits every (output pixel, kernel tap) pair that reads an in-range input pixel. */
function forEachTap(
  d: ConvDims,
  visit: (
    n: number,
    co: number,
    ci: number,
    ky: number,
    kx: number,
    yIndex: number,
    xIndex: number,
    wIndex: number,
  ) => void,
): void {
  for (let n = 0; n < d.n; n++) {
    for (let co = 0; co < d.co; co++) {
      for (let oy = 0; oy < d.oh; oy++) {
        for (let ox = 0; ox < d.ow; ox++) {
          const yIndex = ((n * d.co + co) * d.oh + oy) * d.ow + ox;
          for (let ci = 0; ci < d.ci; ci++) {
            for (let ky = 0; ky < d.kh; ky++) {
              const iy = oy * d.stride - d.pad + ky;
              if (iy < 0 || iy >= d.h) continue;
              for (let kx = 0; kx < d.kw; kx++) {
                const ix = ox * d.stride - d.pad + kx;
                if (ix < 0 || ix >= d.w) continue;
                const xIndex = ((n * d.ci + ci) * d.h + iy) * d.w + ix;
                const wIndex = ((co * d.ci + ci) * d.kh + ky) * d.kw + kx;
                visit(n, co, ci, ky, kx, yIndex, xIndex, wIndex);
              }
            }
          }
        }
      }
    }
  }
}

export function conv2dForward(
  x: Float64Array,
  weight: Float64Array,
  bias: Float64Array | null,
  d: ConvDims,
): Float64Array {
  const y = new Float64Array(d.n * d.co * d.oh * d.ow);
  if (bias) {
    for (let i = 0; i < y.length; i++) y[i] = bias[Math.floor(i / (d.oh * d.ow)) % d.co];
  }
  forEachTap(d, (_n, _co, _ci, _ky, _kx, yi, xi, wi) => {
    y[yi] += weight[wi] * x[xi];
  });
  return y;
}

export function conv2dBackwardInput(dy: Float64Array, weight: Float64Array, d: ConvDims): Float64Array {
  const dx = new Float64Array(d.n * d.ci * d.h * d.w);
  forEachTap(d, (_n, _co, _ci, _ky, _kx, yi, xi, wi) => {
    dx[xi] += weight[wi] * dy[yi];
  });
  return dx;
}

export function conv2dBackwardWeight(dy: Float64Array, x: Float64Array, d: ConvDims): Float64Array {
  const dw = new Float64Array(d.co * d.ci * d.kh * d.kw);
  forEachTap(d, (_n, _co, _ci, _ky, _kx, yi, xi, wi) => {
    dw[wi] += dy[yi] * x[xi];
  });
  return dw;
}
