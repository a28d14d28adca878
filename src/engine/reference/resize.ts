/**
 * Float64 reference for the spatial resampling ops on NCHW tensors (PyTorch semantics):
 * - nearest upsample x2 (F.interpolate scale_factor=2, mode 'nearest'),
 * - avg_pool 2x2 stride 2 (F.avg_pool2d(x, 2); odd trailing rows/columns are dropped),
 * - bilinear resize, align_corners=False (F.interpolate mode 'bilinear' to a given size),
 * - area downsample (F.interpolate mode 'area' = F.adaptive_avg_pool2d).
 * Each backward is the exact adjoint of its forward (a scatter here; the WGSL kernels gather).
 */

export interface Nchw {
  n: number;
  c: number;
  h: number;
  w: number;
}

export function checkNchw(shape: readonly number[], op: string): Nchw {
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op} expects a non-empty NCHW shape, got [${shape.join(', ')}]`);
  }
  const [n, c, h, w] = shape;
  return { n, c, h, w };
}

/**
 * A separable resampling: out[p, oy, ox] = sum over taps of wy * wx * in[p, iy, ix]. Every op in this file is one,
 * so forward and backward share one loop and the backward is the adjoint by construction.
 */
export interface AxisTaps {
  /** taps[o] lists (input index, weight) pairs for output index o along one axis. */
  taps: Array<Array<[number, number]>>;
}

function resample(x: Float64Array, s: Nchw, ty: AxisTaps, tx: AxisTaps): Float64Array {
  const oh = ty.taps.length;
  const ow = tx.taps.length;
  const out = new Float64Array(s.n * s.c * oh * ow);
  for (let p = 0; p < s.n * s.c; p++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (const [iy, wy] of ty.taps[oy]) {
          for (const [ix, wx] of tx.taps[ox]) acc += wy * wx * x[(p * s.h + iy) * s.w + ix];
        }
        out[(p * oh + oy) * ow + ox] = acc;
      }
    }
  }
  return out;
}

function resampleAdjoint(dy: Float64Array, s: Nchw, ty: AxisTaps, tx: AxisTaps): Float64Array {
  const oh = ty.taps.length;
  const ow = tx.taps.length;
  if (dy.length !== s.n * s.c * oh * ow) throw new Error('resize backward: gradient does not match the output shape');
  const dx = new Float64Array(s.n * s.c * s.h * s.w);
  for (let p = 0; p < s.n * s.c; p++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const g = dy[(p * oh + oy) * ow + ox];
        for (const [iy, wy] of ty.taps[oy]) {
          for (const [ix, wx] of tx.taps[ox]) dx[(p * s.h + iy) * s.w + ix] += wy * wx * g;
        }
      }
    }
  }
  return dx;
}

export function nearestUpsample2xTaps(inSize: number): AxisTaps {
  return { taps: Array.from({ length: 2 * inSize }, (_, o) => [[o >> 1, 1]]) };
}

export function avgPool2Taps(inSize: number): AxisTaps {
  if (inSize < 2) throw new Error(`avg_pool 2x2 needs at least 2 pixels along each axis, got ${inSize}`);
  return {
    taps: Array.from({ length: Math.floor(inSize / 2) }, (_, o) => [
      [2 * o, 0.5],
      [2 * o + 1, 0.5],
    ]),
  };
}

/** PyTorch align_corners=False: src = (o + 0.5) * in/out - 0.5, clamped below at 0; the upper tap clamps at in-1. */
export function bilinearTaps(inSize: number, outSize: number): AxisTaps {
  const scale = inSize / outSize;
  return {
    taps: Array.from({ length: outSize }, (_, o) => {
      const src = Math.max((o + 0.5) * scale - 0.5, 0);
      const i0 = Math.min(Math.floor(src), inSize - 1);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const lambda = src - i0;
      return i0 === i1
        ? [[i0, 1]]
        : [
            [i0, 1 - lambda],
            [i1, lambda],
          ];
    }),
  };
}

/** Adaptive average pooling bins: [floor(o*in/out), ceil((o+1)*in/out)). */
export function areaTaps(inSize: number, outSize: number): AxisTaps {
  return {
    taps: Array.from({ length: outSize }, (_, o) => {
      const start = Math.floor((o * inSize) / outSize);
      const end = Math.ceil(((o + 1) * inSize) / outSize);
      return Array.from({ length: end - start }, (_, k): [number, number] => [start + k, 1 / (end - start)]);
    }),
  };
}

function checkSize(size: number, what: string): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what} must be a positive integer, got ${size}`);
}

export type ResizeMode = 'nearest2x' | 'avgpool2' | 'bilinear' | 'area';

/** Output spatial size and the per-axis taps of one resize op. */
export function resizeTaps(mode: ResizeMode, s: Nchw, outH?: number, outW?: number): { ty: AxisTaps; tx: AxisTaps } {
  switch (mode) {
    case 'nearest2x':
      return { ty: nearestUpsample2xTaps(s.h), tx: nearestUpsample2xTaps(s.w) };
    case 'avgpool2':
      return { ty: avgPool2Taps(s.h), tx: avgPool2Taps(s.w) };
    case 'bilinear':
    case 'area': {
      if (outH === undefined || outW === undefined) throw new Error(`${mode} resize needs an output size`);
      checkSize(outH, `${mode} output height`);
      checkSize(outW, `${mode} output width`);
      if (mode === 'bilinear') return { ty: bilinearTaps(s.h, outH), tx: bilinearTaps(s.w, outW) };
      if (outH > s.h || outW > s.w) throw new Error(`area resize only downsamples: ${s.h}x${s.w} -> ${outH}x${outW}`);
      return { ty: areaTaps(s.h, outH), tx: areaTaps(s.w, outW) };
    }
  }
}

export function resizeForward(
  mode: ResizeMode,
  x: Float64Array,
  shape: readonly number[],
  outH?: number,
  outW?: number,
): { out: Float64Array; shape: number[] } {
  const s = checkNchw(shape, mode);
  if (x.length !== s.n * s.c * s.h * s.w) throw new Error(`${mode}: data does not fill the shape`);
  const { ty, tx } = resizeTaps(mode, s, outH, outW);
  return { out: resample(x, s, ty, tx), shape: [s.n, s.c, ty.taps.length, tx.taps.length] };
}

export function resizeBackward(
  mode: ResizeMode,
  shape: readonly number[],
  dy: Float64Array,
  outH?: number,
  outW?: number,
): Float64Array {
  const s = checkNchw(shape, mode);
  const { ty, tx } = resizeTaps(mode, s, outH, outW);
  return resampleAdjoint(dy, s, ty, tx);
}
