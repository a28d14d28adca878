import { afterAll, describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import type { Backend } from '../../../../src/engine/backend';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { add } from '../../../../src/engine/ops/elementwise';
import { mse } from '../../../../src/engine/ops/loss';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';
import { DiscriminatorFeatures } from '../../../../src/gan/engine/discriminator';
import { discriminatorFeatureLoss } from '../../../../src/gan/engine/featureLoss';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { compareArrays, maxAbs } from '../../../tolerance';
import { goldenBundle, goldenTensor } from '../../../unit/gan/engine-d/goldenBundle';
import { getTestBackend } from '../../engine/parity';

const made: Array<{ d: DiscriminatorFeatures; weights: GanWeights }> = [];

async function discriminatorOn(backend: Backend): Promise<DiscriminatorFeatures> {
  const bundle = await goldenBundle();
  const weights = GanWeights.load(backend, bundle, { include: (n) => n.startsWith('d.') });
  const d = new DiscriminatorFeatures(weights, bundle.manifest);
  made.push({ d, weights });
  return d;
}

afterAll(() => {
  for (const { d, weights } of made) {
    d.release();
    weights.release();
  }
});

function golden(backend: Backend, name: string, batch?: number): Tensor {
  const g = goldenTensor(name);
  if (batch === undefined) return backend.fromArray(g.data, g.shape);
  const per = g.data.length / g.shape[0];
  return backend.fromArray(g.data.subarray(0, per * batch), [batch, ...g.shape.slice(1)]);
}

describe('DiscriminatorFeatures on WebGPU vs PyTorch golden fixtures', () => {
  it('features of x equal d_feature_0..3 (atol 1e-4, rtol 1e-3)', async () => {
    const backend = await getTestBackend();
    const d = await discriminatorOn(backend);
    const inUse = backend.pool.stats().inUseBuffers;
    const x = golden(backend, 'x');
    const feats = d.features(x);
    const lines: string[] = [];
    for (const [k, f] of feats.entries()) {
      const want = goldenTensor(`d_feature_${k}`);
      expect(f.shape).toEqual(want.shape);
      const c = compareArrays(await f.read(), want.data, { atol: 1e-4, rtol: 1e-3 });
      lines.push(`d_feature_${k}: max abs ${c.maxAbs.toExponential(2)}, max rel ${c.maxRel.toExponential(2)}`);
      expect(c.worstRatio, lines.join('\n')).toBeLessThanOrEqual(1);
    }
    console.log(`webgpu D features vs PyTorch:\n${lines.join('\n')}`);
    for (const t of [...feats, x]) t.release();
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
  });

  it('reproduces grad_x of the golden loss with G(w0) = image[0:1] as a constant', async () => {
    const backend = await getTestBackend();
    const d = await discriminatorOn(backend);
    const inUse = backend.pool.stats().inUseBuffers;
    const image0 = golden(backend, 'image', 1);
    const x = golden(backend, 'x');
    x.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => {
      const fImage = d.features(image0);
      const fx = d.features(x);
      return fImage.reduce((total, f, k) => add(total, mse(f, fx[k])), mse(image0, x));
    });
    tape.backward(loss);
    const lossValue = (await loss.read())[0];
    tape.free();
    const want = goldenTensor('grad_x').data;
    const got = await (x.grad as Tensor).read();
    const c = compareArrays(got, want, { atol: 1e-4, rtol: 1e-3 });
    // max |grad_x| is about 5e-3: hold the error to 1e-3 of it as well, or atol alone would pass a zero gradient.
    const scaled = compareArrays(got, want, { atol: 1e-3 * maxAbs(want), rtol: 1e-3 });
    console.log(
      `webgpu grad_x vs PyTorch: max abs ${c.maxAbs.toExponential(2)}, max rel ${c.maxRel.toExponential(2)}, ` +
        `max |grad_x| ${maxAbs(want).toExponential(2)}; loss ${lossValue} vs ${goldenTensor('loss').data[0]}`,
    );
    expect(Math.abs(lossValue - goldenTensor('loss').data[0])).toBeLessThan(1e-3);
    expect(c.worstRatio).toBeLessThanOrEqual(1);
    expect(scaled.worstRatio).toBeLessThanOrEqual(1);
    x.grad?.release();
    for (const t of [x, image0]) t.release();
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
  });
});

describe('discriminatorFeatureLoss: WebGPU vs float64 (value and gradients of a, b and the mask)', () => {
  async function run(backend: Backend, data: Float64Array[], d: DiscriminatorFeatures) {
    const shapes = [
      [2, 3, 64, 64],
      [2, 3, 64, 64],
      [2, 1, 64, 64],
    ];
    const inputs = data.map((v, i) => {
      const t = backend.fromArray(v, shapes[i]);
      t.requiresGrad = true;
      return t;
    });
    const tape = new Tape();
    const loss = tape.run(() => discriminatorFeatureLoss(d, inputs[0], inputs[1], inputs[2]));
    tape.backward(loss);
    const value = (await loss.read())[0];
    tape.free();
    const grads: Float64Array[] = [];
    for (const t of inputs) {
      grads.push(await (t.grad as Tensor).read());
      t.grad?.release();
      t.release();
    }
    return { value, grads };
  }

  it('batch 2 with a soft mask', async () => {
    const gpu = await getTestBackend();
    const cpu = new CpuBackend();
    const random = new Random(21);
    const data = [
      random.uniformArray(2 * 3 * 64 * 64, -1, 1),
      random.uniformArray(2 * 3 * 64 * 64, -1, 1),
      random.uniformArray(2 * 64 * 64, 0, 1),
    ];
    const ref = await run(cpu, data, await discriminatorOn(cpu));
    const dGpu = await discriminatorOn(gpu);
    const inUse = gpu.pool.stats().inUseBuffers;
    const got = await run(gpu, data, dGpu);
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
    expect(Math.abs(got.value - ref.value)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(ref.value));
    const lines = ['a', 'b', 'mask'].map((name, i) => {
      const c = compareArrays(got.grads[i], ref.grads[i], { atol: 1e-3 * maxAbs(ref.grads[i]), rtol: 1e-3 });
      return {
        name,
        c,
        line: `${name}: max abs ${c.maxAbs.toExponential(2)} of max ${maxAbs(ref.grads[i]).toExponential(2)}`,
      };
    });
    console.log(
      `webgpu feature loss ${got.value} vs float64 ${ref.value}; grads ${lines.map((l) => l.line).join('; ')}`,
    );
    for (const { c, line } of lines) expect(c.worstRatio, line).toBeLessThanOrEqual(1);
  });

  it('a constant b: same loss and gradient of a as a tracked b, no buffers left in use', async () => {
    const gpu = await getTestBackend();
    const d = await discriminatorOn(gpu);
    const random = new Random(4);
    const inUse = gpu.pool.stats().inUseBuffers;
    const a = gpu.fromArray(random.uniformArray(3 * 64 * 64, -1, 1), [1, 3, 64, 64]);
    const b = gpu.fromArray(random.uniformArray(3 * 64 * 64, -1, 1), [1, 3, 64, 64]);
    const m = gpu.fromArray(random.uniformArray(64 * 64, 0, 1), [1, 1, 64, 64]);
    a.requiresGrad = true;
    const run = async () => {
      const tape = new Tape();
      const loss = tape.run(() => discriminatorFeatureLoss(d, a, b, m));
      tape.backward(loss);
      const value = (await loss.read())[0];
      tape.free();
      const grad = await (a.grad as Tensor).read();
      a.grad?.release();
      a.grad = null;
      return { value, grad };
    };
    const constant = await run();
    b.requiresGrad = true;
    const tracked = await run();
    b.grad?.release();
    expect(constant.value).toBe(tracked.value);
    expect(compareArrays(constant.grad, tracked.grad).maxAbs).toBe(0);
    for (const t of [a, b, m]) t.release();
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});
