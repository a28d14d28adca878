import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { leakyRelu } from '../../../src/engine/ops/activation';
import { conv2d, convTranspose2d } from '../../../src/engine/ops/conv';
import { conv2dBackwardWeightBiasKernel } from '../../../src/engine/ops/convWeightBias.kernels';
import { add, mul } from '../../../src/engine/ops/elementwise';
import { mean, sum } from '../../../src/engine/ops/reduce';
import { reshape } from '../../../src/engine/ops/shape';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { compareArrays } from '../../tolerance';
import { checkParity, getTestBackend } from './parity';

describe('conv2d: WGSL vs float64 reference (forward, dX, dW, dbias)', () => {
  const cases = [
    { k: 3, stride: 1, padding: 1 },
    { k: 4, stride: 2, padding: 1 },
    { k: 5, stride: 1, padding: 2 },
    { k: 5, stride: 2, padding: 0 },
    { k: 1, stride: 1, padding: 0 },
    { k: 1, stride: 2, padding: 0 },
    { k: 3, stride: 2, padding: 3 },
  ];
  for (const c of cases) {
    it(`batch 3, 5 -> 6 channels, 7x9, k${c.k} s${c.stride} p${c.padding}, bias`, async () => {
      const r = await checkParity({
        inputs: [{ shape: [3, 5, 7, 9] }, { shape: [6, 5, c.k, c.k] }, { shape: [6] }],
        forward: ([x, w, b]) => conv2d(x, w, b, { stride: c.stride, padding: c.padding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('no bias, frozen weight, large batch x pixels (split-K dW path exercised by the x gradient only)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [2, 3, 16, 16] }, { shape: [5, 3, 3, 3], requiresGrad: false }],
      forward: ([x, w]) => conv2d(x, w, null, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('4x4 -> 1x1 bottleneck with 40 input channels runs split over input channels (split-K)', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 40, 4, 4] }, { shape: [6, 40, 4, 4] }, { shape: [6] }],
      forward: ([x, w, b]) => conv2d(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('dW over 2 x 24 x 24 pixels goes through the two-level reduction', async () => {
    const r = await checkParity({
      inputs: [{ shape: [2, 4, 24, 24], requiresGrad: false }, { shape: [8, 4, 3, 3] }, { shape: [8] }],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('conv2d with a fused activation (forward store; backward from the sign of y)', () => {
  it.each([
    ['relu, register kernel', [2, 3, 9, 7], [5, 3, 3, 3], 1, 'relu'],
    ['leaky_relu, register kernel', [2, 3, 9, 7], [5, 3, 3, 3], 1, 'leaky_relu'],
    ['relu, 1x1 (the matmul path)', [2, 6, 5, 7], [4, 6, 1, 1], 0, 'relu'],
    ['leaky_relu, split-K bottleneck (after the slices sum)', [3, 40, 4, 4], [6, 40, 4, 4], 0, 'leaky_relu'],
  ] as Array<[string, number[], number[], number, 'relu' | 'leaky_relu']>)(
    '%s',
    async (_name, xShape, wShape, padding, activation) => {
      const r = await checkParity({
        inputs: [{ shape: xShape }, { shape: wShape }, { shape: [wShape[0]] }],
        forward: ([x, w, b]) => conv2d(x, w, b, { padding, activation }),
      });
      expect(r.ok, r.report).toBe(true);
    },
  );

  it('is the conv then the activation, one dispatch less, on the tiled kernel too', async () => {
    const gpu = await getTestBackend();
    const tiled = new WebGpuBackend(gpu.device, { convKernel: 'tiled' });
    for (const backend of [gpu, tiled]) {
      const random = new Random(9);
      const x = backend.fromArray(random.uniformArray(2 * 3 * 63, -1, 1), [2, 3, 9, 7]);
      const w = backend.fromArray(random.uniformArray(5 * 27, -1, 1), [5, 3, 3, 3]);
      const before = backend.dispatchCount;
      const fused = conv2d(x, w, null, { padding: 1, activation: 'leaky_relu', slope: 0.1 });
      expect(backend.dispatchCount - before).toBe(1);
      const plain = leakyRelu(conv2d(x, w, null, { padding: 1 }), 0.1);
      const [a, b] = await backend.readAll([fused, plain]);
      expect(Array.from(a)).toEqual(Array.from(b));
      for (const t of [x, w, fused, plain]) t.release();
    }
    tiled.destroy();
  });

  it('refuses a negative leaky slope (its derivative could not be read from y)', async () => {
    const gpu = await getTestBackend();
    const x = gpu.zeros([1, 1, 3, 3]);
    const w = gpu.zeros([1, 1, 1, 1]);
    expect(() => conv2d(x, w, null, { activation: 'leaky_relu', slope: -0.1 })).toThrow(/slope >= 0/);
    x.release();
    w.release();
  });
});

describe('conv2d weight and bias gradients from one kernel (the bias as a constant-1 tap)', () => {
  it.each([
    ['32 taps: the bias tap starts a new workgroup column', [2, 8, 6, 5], [7, 8, 2, 2], 0],
    ['4 taps: the bias tap starts a new 4-tap lane group', [3, 4, 5, 7], [5, 4, 1, 1], 0],
    ['31 taps + bias fill one workgroup column, 2 x 20 x 20 pixels in chunks', [2, 31, 20, 20], [3, 31, 1, 1], 0],
  ] as Array<[string, number[], number[], number]>)('%s', async (_name, xShape, wShape, padding) => {
    const r = await checkParity({
      inputs: [{ shape: xShape, requiresGrad: false }, { shape: wShape }, { shape: [wShape[0]] }],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each([
    ['bias only (frozen weight): the per-channel sum', false, true],
    ['weight only (frozen bias)', true, false],
  ])('%s', async (_name, weightGrad, biasGrad) => {
    const r = await checkParity({
      inputs: [
        { shape: [2, 3, 9, 7] },
        { shape: [5, 3, 3, 3], requiresGrad: weightGrad },
        { shape: [5], requiresGrad: biasGrad },
      ],
      forward: ([x, w, b]) => conv2d(x, w, b, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('is one dispatch for few pixels and two with chunks, and no channelSum', async () => {
    const gpu = await getTestBackend();
    for (const [pixels, dispatches] of [
      [4, 1],
      [40, 2],
    ]) {
      const dy = gpu.full([2, 6, pixels, pixels], 0.5);
      const x = gpu.full([2, 3, pixels, pixels], 2);
      const before = gpu.counters().dispatches;
      const { dw, db } = conv2dBackwardWeightBiasKernel([dy, x], { stride: 1, pad: 1, weightShape: [6, 3, 3, 3] });
      expect(gpu.counters().dispatches - before).toBe(dispatches);
      expect(Array.from(await db.read())).toEqual(new Array(6).fill(0.5 * 2 * pixels * pixels));
      for (const t of [dy, x, dw, db]) t.release();
    }
  });
});

describe('a conv weight used twice: the second gradient is added in place (no accumulate dispatch)', () => {
  it.each([
    ['one pixel chunk', [1, 3, 5, 4], [2, 3, 6, 5]],
    ['several pixel chunks (the chunk sum adds)', [2, 3, 12, 12], [1, 3, 20, 9]],
  ])('%s: parity with the float64 reference', async (_name, shape1, shape2) => {
    const r = await checkParity({
      inputs: [{ shape: shape1 }, { shape: shape2 }, { shape: [4, 3, 3, 3] }],
      forward: ([x1, x2, w]) => {
        const a = mean(conv2d(x1, w, null, { padding: 1 }));
        const b = mean(conv2d(x2, w, null, { padding: 1 }));
        return add(reshape(a, [1]), reshape(b, [1]));
      },
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('the tape offers the gradient so far and the kernel adds to it: no accumulate dispatch', async () => {
    const gpu = await getTestBackend();
    const run = async (backend: Backend) => {
      const random = new Random(2);
      const w = backend.fromArray(random.uniformArray(4 * 3 * 9, -1, 1), [4, 3, 3, 3]);
      w.requiresGrad = true;
      const x1 = backend.fromArray(random.uniformArray(2 * 3 * 40, -1, 1), [2, 3, 5, 8]);
      const x2 = backend.fromArray(random.uniformArray(3 * 3 * 49, -1, 1), [3, 3, 7, 7]);
      const tape = new Tape();
      const loss = tape.run(() =>
        add(sum(conv2d(x1, w, null, { padding: 1 })), sum(conv2d(x2, w, null, { padding: 1 }))),
      );
      let accumulates = 0;
      const accumulate = backend.accumulate.bind(backend);
      backend.accumulate = (t, s) => {
        accumulates++;
        accumulate(t, s);
      };
      tape.backward(loss);
      backend.accumulate = accumulate;
      const grad = await (w.grad as Tensor).read();
      tape.free();
      (w.grad as Tensor).release();
      for (const t of [w, x1, x2]) t.release();
      return { grad, accumulates };
    };
    const got = await run(gpu);
    const ref = await run(new CpuBackend());
    expect(got.accumulates).toBe(0);
    // The float64 kernels return new tensors: the tape accumulates there.
    expect(ref.accumulates).toBe(1);
    const r = compareArrays(got.grad, ref.grad, { atol: 1e-4, rtol: 1e-4 });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('an input that feeds a conv and another op: its gradient is added in place by the dX kernel', () => {
  it('parity with the float64 reference, and no accumulate dispatch', async () => {
    const gpu = await getTestBackend();
    const run = async (backend: Backend) => {
      const random = new Random(4);
      const x = backend.fromArray(random.uniformArray(2 * 3 * 35, -1, 1), [2, 3, 5, 7]);
      x.requiresGrad = true;
      const w = backend.fromArray(random.uniformArray(4 * 3 * 9, -1, 1), [4, 3, 3, 3]);
      const other = backend.fromArray(random.uniformArray(2 * 3 * 35, -1, 1), [2, 3, 5, 7]);
      const tape = new Tape();
      // mul is recorded after the conv, so its gradient reaches x first and the conv's dX adds to it.
      const loss = tape.run(() => {
        const c = sum(conv2d(x, w, null, { stride: 2, padding: 1 }));
        return add(c, sum(mul(x, other)));
      });
      let accumulates = 0;
      const accumulate = backend.accumulate.bind(backend);
      backend.accumulate = (t, s) => {
        accumulates++;
        accumulate(t, s);
      };
      tape.backward(loss);
      backend.accumulate = accumulate;
      const grad = await (x.grad as Tensor).read();
      tape.free();
      (x.grad as Tensor).release();
      for (const t of [x, w, other]) t.release();
      return { grad, accumulates };
    };
    const got = await run(gpu);
    const ref = await run(new CpuBackend());
    expect(got.accumulates).toBe(0);
    expect(ref.accumulates).toBe(1);
    const r = compareArrays(got.grad, ref.grad, { atol: 1e-4, rtol: 1e-4 });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('conv_transpose2d: WGSL vs float64 scatter-form reference', () => {
  const cases = [
    { k: 4, stride: 1, padding: 0, outputPadding: 0 },
    { k: 4, stride: 2, padding: 1, outputPadding: 0 },
    { k: 3, stride: 2, padding: 1, outputPadding: 1 },
    { k: 3, stride: 2, padding: 0, outputPadding: 0 },
    { k: 5, stride: 3, padding: 2, outputPadding: 2 },
    { k: 1, stride: 1, padding: 0, outputPadding: 0 },
  ];

  it('1x1 input -> 4x4 (the first decoder conv_transpose), dX through the split-K forward conv', async () => {
    const r = await checkParity({
      inputs: [{ shape: [3, 12, 1, 1] }, { shape: [12, 40, 4, 4] }, { shape: [40] }],
      forward: ([x, w, b]) => convTranspose2d(x, w, b),
    });
    expect(r.ok, r.report).toBe(true);
  });
  for (const c of cases) {
    it(`batch 3, 5 -> 6 channels, 7x9 input, k${c.k} s${c.stride} p${c.padding} op${c.outputPadding}, bias`, async () => {
      const r = await checkParity({
        inputs: [{ shape: [3, 5, 7, 9] }, { shape: [5, 6, c.k, c.k] }, { shape: [6] }],
        forward: ([x, w, b]) =>
          convTranspose2d(x, w, b, { stride: c.stride, padding: c.padding, outputPadding: c.outputPadding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }
});
