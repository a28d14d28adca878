/**
 * Float64 reference for StyleGAN2's upfirdn2d (rosinality's upfirdn2d_native) on NCHW tensors, per channel plane:
 * insert `up - 1` zeros after every sample in both axes (size r·up), pad `pad0` before and `pad1` after in both
 * axes (negative pads crop), correlate with the kernel flipped in both axes (no padding), keep every `down`-th
 * sample. Output size: floor((r·up + pad0 + pad1 - k) / down) + 1.
 *
 * Both directions are written as gathers: output (oy, ox) reads the zero-inserted, padded grid at
 * Y = oy·down + ky - pad0, which holds x[Y / up] when Y >= 0 and Y % up == 0. The input gradient is the adjoint:
 * input row iy feeds every output row oy with oy·down + ky = iy·up + pad0 for some tap ky.
 */

export interface UpfirdnGeometry {
  /** batch · channels: the op filters every plane independently. */
  planes: number;
  inH: number;
  inW: number;
  kH: number;
  kW: number;
  up: number;
  down: number;
  pad0: number;
  pad1: number;
  outH: number;
  outW: number;
}

export interface UpfirdnOptions {
  up: number;
  down: number;
  pad: readonly [number, number];
}

export function upfirdnOutputSize(size: number, k: number, o: UpfirdnOptions): number {
  return Math.floor((size * o.up + o.pad[0] + o.pad[1] - k) / o.down) + 1;
}

/** Validates shapes and options; `what` names the caller in errors. */
export function upfirdnGeometry(
  xShape: readonly number[],
  kernelShape: readonly number[],
  o: UpfirdnOptions,
  what = 'upfirdn2d',
): UpfirdnGeometry {
  if (xShape.length !== 4) throw new Error(`${what}: x must be NCHW, got [${xShape.join(', ')}].`);
  if (kernelShape.length !== 2)
    throw new Error(`${what}: kernel must be 2-D [kH, kW], got [${kernelShape.join(', ')}].`);
  for (const [name, v] of [
    ['up', o.up],
    ['down', o.down],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${what}: ${name} must be an integer >= 1, got ${v}.`);
  }
  if (!o.pad.every(Number.isInteger)) throw new Error(`${what}: pads must be integers, got [${o.pad.join(', ')}].`);
  const [n, c, inH, inW] = xShape;
  const [kH, kW] = kernelShape;
  const outH = upfirdnOutputSize(inH, kH, o);
  const outW = upfirdnOutputSize(inW, kW, o);
  if (outH < 1 || outW < 1)
    throw new Error(
      `${what}: x [${xShape.join(', ')}] with kernel ${kH}x${kW}, up ${o.up}, down ${o.down}, ` +
        `pad [${o.pad.join(', ')}] gives an empty output (${outH}x${outW}).`,
    );
  return { planes: n * c, inH, inW, kH, kW, up: o.up, down: o.down, pad0: o.pad[0], pad1: o.pad[1], outH, outW };
}

/** Flipped-kernel tap (ky, kx) = kernel[kH-1-ky][kW-1-kx]: correlation with the flip is convolution. */
function tap(kernel: Float64Array, g: UpfirdnGeometry, ky: number, kx: number): number {
  return kernel[(g.kH - 1 - ky) * g.kW + (g.kW - 1 - kx)];
}

/** Source index along one axis for output position o and tap k, or -1 when the tap hits an inserted zero or a pad. */
function sourceIndex(o: number, k: number, g: UpfirdnGeometry, inSize: number): number {
  const pos = o * g.down + k - g.pad0;
  if (pos < 0 || pos % g.up !== 0) return -1;
  const i = pos / g.up;
  return i < inSize ? i : -1;
}

export function upfirdnForward(x: Float64Array, kernel: Float64Array, g: UpfirdnGeometry): Float64Array {
  const out = new Float64Array(g.planes * g.outH * g.outW);
  for (let p = 0; p < g.planes; p++) {
    const xBase = p * g.inH * g.inW;
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        let s = 0;
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = sourceIndex(oy, ky, g, g.inH);
          if (iy < 0) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = sourceIndex(ox, kx, g, g.inW);
            if (ix < 0) continue;
            s += x[xBase + iy * g.inW + ix] * tap(kernel, g, ky, kx);
          }
        }
        out[(p * g.outH + oy) * g.outW + ox] = s;
      }
    }
  }
  return out;
}

/** Output index along one axis that input position i reaches through tap k, or -1 when none. */
function targetIndex(i: number, k: number, g: UpfirdnGeometry, outSize: number): number {
  const t = i * g.up + g.pad0 - k;
  if (t < 0 || t % g.down !== 0) return -1;
  const o = t / g.down;
  return o < outSize ? o : -1;
}

/** dL/dx given dL/dy [planes, outH, outW] (the adjoint of upfirdnForward for a fixed kernel). */
export function upfirdnBackward(gy: Float64Array, kernel: Float64Array, g: UpfirdnGeometry): Float64Array {
  const dx = new Float64Array(g.planes * g.inH * g.inW);
  for (let p = 0; p < g.planes; p++) {
    const gBase = p * g.outH * g.outW;
    for (let iy = 0; iy < g.inH; iy++) {
      for (let ix = 0; ix < g.inW; ix++) {
        let s = 0;
        for (let ky = 0; ky < g.kH; ky++) {
          const oy = targetIndex(iy, ky, g, g.outH);
          if (oy < 0) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ox = targetIndex(ix, kx, g, g.outW);
            if (ox < 0) continue;
            s += gy[gBase + oy * g.outW + ox] * tap(kernel, g, ky, kx);
          }
        }
        dx[(p * g.inH + iy) * g.inW + ix] = s;
      }
    }
  }
  return dx;
}
