import { describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { Random } from '../../../../src/engine/random';
import { blurKernel, upfirdn2d } from '../../../../src/gan/engine/upfirdn';
import { checkGradients } from '../../engine/fd';
import { goldenBundle } from './goldenBundle';

interface Plane {
  h: number;
  w: number;
  data: Float64Array;
}

/**
 * rosinality's upfirdn2d_native written out step by step, independently of the gather form under test:
 * zero insertion, F.pad (negative pads crop), conv2d with the flipped kernel (valid), stride `down`.
 */
function nativePlane(x: Plane, k: number[][], up: number, down: number, p0: number, p1: number): Plane {
  const uh = x.h * up;
  const uw = x.w * up;
  const upsampled = new Float64Array(uh * uw);
  for (let i = 0; i < x.h; i++) for (let j = 0; j < x.w; j++) upsampled[i * up * uw + j * up] = x.data[i * x.w + j];
  const ph = uh + p0 + p1;
  const pw = uw + p0 + p1;
  const padded = new Float64Array(ph * pw);
  for (let i = 0; i < ph; i++) {
    for (let j = 0; j < pw; j++) {
      const si = i - p0;
      const sj = j - p0;
      if (si >= 0 && si < uh && sj >= 0 && sj < uw) padded[i * pw + j] = upsampled[si * uw + sj];
    }
  }
  const kh = k.length;
  const kw = k[0].length;
  const fullH = ph - kh + 1;
  const fullW = pw - kw + 1;
  const outH = Math.floor((fullH - 1) / down) + 1;
  const outW = Math.floor((fullW - 1) / down) + 1;
  const out = new Float64Array(outH * outW);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let s = 0;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          s += padded[(oy * down + a) * pw + ox * down + b] * k[kh - 1 - a][kw - 1 - b];
        }
      }
      out[oy * outW + ox] = s;
    }
  }
  return { h: outH, w: outW, data: out };
}

function nativeUpfirdn(
  x: Float64Array,
  shape: number[],
  k: number[][],
  up: number,
  down: number,
  pad: [number, number],
): { data: Float64Array; shape: number[] } {
  const [n, c, h, w] = shape;
  const planes: Plane[] = [];
  for (let p = 0; p < n * c; p++) {
    planes.push(nativePlane({ h, w, data: x.subarray(p * h * w, (p + 1) * h * w) }, k, up, down, pad[0], pad[1]));
  }
  const out = new Float64Array(planes.length * planes[0].data.length);
  planes.forEach((pl, i) => {
    out.set(pl.data, i * pl.data.length);
  });
  return { data: out, shape: [n, c, planes[0].h, planes[0].w] };
}

/** A deliberately asymmetric kernel: a symmetric one would hide a missing flip. */
const ASYMMETRIC = [
  [0.1, 0.7, -0.3, 0.2],
  [0.5, -0.2, 0.9, 0.05],
  [-0.4, 0.3, 0.25, 0.6],
  [0.15, -0.65, 0.35, 0.45],
];

const CASES: Array<{ name: string; up: number; down: number; pad: [number, number]; shape: number[] }> = [
  { name: 'rgb_skip_upsample (up 2, pad 2,1)', up: 2, down: 1, pad: [2, 1], shape: [2, 3, 5, 7] },
  { name: 'modconv_upsample_blur (pad 1,1)', up: 1, down: 1, pad: [1, 1], shape: [2, 3, 9, 7] },
  { name: 'd_conv3_downsample_blur (pad 2,2)', up: 1, down: 1, pad: [2, 2], shape: [2, 3, 7, 5] },
  { name: 'd_skip_downsample_blur (pad 1,1)', up: 1, down: 1, pad: [1, 1], shape: [2, 3, 6, 9] },
  { name: 'down 2, pad 1,1', up: 1, down: 2, pad: [1, 1], shape: [2, 3, 7, 9] },
  { name: 'down 2, pad 2,2', up: 1, down: 2, pad: [2, 2], shape: [2, 3, 8, 5] },
  { name: 'up 2 down 2, pad 3,0', up: 2, down: 2, pad: [3, 0], shape: [2, 2, 5, 6] },
  { name: 'negative pads crop', up: 2, down: 1, pad: [-1, -2], shape: [2, 2, 5, 7] },
];

describe('upfirdn2d (float64) equals rosinality upfirdn2d_native', () => {
  it.each(CASES)('$name, x $shape', ({ up, down, pad, shape }) => {
    const backend = new CpuBackend();
    const random = new Random(7);
    const size = shape.reduce((a, b) => a * b, 1);
    const xData = random.uniformArray(size, -1, 1);
    const x = backend.fromArray(xData, shape);
    const kernel = backend.fromArray(ASYMMETRIC.flat(), [4, 4]);
    const y = upfirdn2d(x, kernel, { up, down, pad });
    const want = nativeUpfirdn(xData, shape, ASYMMETRIC, up, down, pad);
    expect(y.shape).toEqual(want.shape);
    const got = backend.data(y);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want.data[i], 12);
    for (const t of [x, kernel, y]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('with the manifest blur kernel and its kernel_scale, per filter use', async () => {
    const bundle = await goldenBundle();
    const backend = new CpuBackend();
    const random = new Random(3);
    const uses = Object.entries(bundle.config.upfirdn);
    expect(uses.length).toBe(4);
    for (const [name, use] of uses) {
      const shape = [2, 3, 7, 5];
      const xData = random.uniformArray(2 * 3 * 7 * 5, -1, 1);
      const x = backend.fromArray(xData, shape);
      const kernel = blurKernel(backend, bundle.config, use.kernel_scale);
      const y = upfirdn2d(x, kernel, use);
      const k2 = bundle.config.blur_kernel_2d.map((row) => row.map((v) => v * use.kernel_scale));
      const want = nativeUpfirdn(xData, shape, k2, use.up, use.down, use.pad);
      expect(y.shape, name).toEqual(want.shape);
      const got = backend.data(y);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want.data[i], 12);
      for (const t of [x, kernel, y]) t.release();
    }
    expect(backend.liveTensors).toBe(0);
  });
});

describe('upfirdn2d gradient (finite differences, float64)', () => {
  it.each(CASES)('$name', ({ up, down, pad, shape }) => {
    const r = checkGradients({
      inputs: [{ shape }, { shape: [4, 4], data: ASYMMETRIC.flat(), requiresGrad: false }],
      forward: ([x, k]) => upfirdn2d(x, k, { up, down, pad }),
    });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('upfirdn2d errors and blurKernel', () => {
  it('refuses a kernel that requires grad, bad ranks and an empty output', () => {
    const backend = new CpuBackend();
    const x = backend.zeros([1, 1, 3, 3]);
    const k = backend.full([4, 4], 1 / 16);
    k.requiresGrad = true;
    const tape = new Tape();
    expect(() => tape.run(() => upfirdn2d(x, k, { up: 1, down: 1, pad: [1, 1] }))).toThrow(/kernel .* constant/);
    k.requiresGrad = false;
    expect(() => upfirdn2d(x, k, { up: 1, down: 1, pad: [0, 0] })).toThrow(/empty output \(0x0\)/);
    expect(() => upfirdn2d(backend.zeros([3, 3]), k, { up: 1, down: 1, pad: [1, 1] })).toThrow(/NCHW, got \[3, 3\]/);
    expect(() => upfirdn2d(x, k, { up: 0, down: 1, pad: [1, 1] })).toThrow(/up must be an integer >= 1, got 0/);
    tape.free();
  });

  it('blurKernel is the manifest 2-D kernel times the scale', async () => {
    const bundle = await goldenBundle();
    const backend = new CpuBackend();
    const k = blurKernel(backend, bundle.config, 4);
    expect(k.shape).toEqual([4, 4]);
    const v = backend.data(k);
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 12);
    expect(v[5]).toBeCloseTo(bundle.config.blur_kernel_2d[1][1] * 4, 14);
    k.release();
  });
});
