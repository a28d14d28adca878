import { describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { add } from '../../../../src/engine/ops/elementwise';
import { mse } from '../../../../src/engine/ops/loss';
import { Random } from '../../../../src/engine/random';
import { DiscriminatorFeatures, DiscriminatorInputError } from '../../../../src/gan/engine/discriminator';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { compareArrays, maxAbs } from '../../../tolerance';
import { probeGradients } from './fdProbe';
import { goldenBundle, goldenTensor } from './goldenBundle';

async function setup(include?: (name: string) => boolean) {
  const bundle = await goldenBundle();
  const backend = new CpuBackend();
  const weights = GanWeights.load(backend, bundle, { include: include ?? ((n) => n.startsWith('d.')) });
  const d = new DiscriminatorFeatures(weights, bundle.manifest);
  const done = () => {
    d.release();
    weights.release();
    expect(backend.liveTensors).toBe(0);
  };
  return { bundle, backend, weights, d, done };
}

function goldenInput(backend: CpuBackend, name: string, batch?: number) {
  const g = goldenTensor(name);
  if (batch === undefined) return backend.fromArray(g.data, g.shape);
  const per = g.data.length / g.shape[0];
  return backend.fromArray(g.data.subarray(0, per * batch), [batch, ...g.shape.slice(1)]);
}

describe('DiscriminatorFeatures (float64) vs PyTorch golden fixtures', () => {
  it('features of x equal d_feature_0..3 (atol 1e-4, rtol 1e-3)', async () => {
    const { backend, d, done } = await setup();
    expect(d.featureCount).toBe(4);
    const x = goldenInput(backend, 'x');
    const feats = d.features(x);
    const lines: string[] = [];
    feats.forEach((f, k) => {
      const want = goldenTensor(`d_feature_${k}`);
      expect(f.shape).toEqual(want.shape);
      expect([want.shape[1], want.shape[2]]).toEqual(d.featureShape(k));
      const c = compareArrays(backend.data(f), want.data, { atol: 1e-4, rtol: 1e-3 });
      lines.push(
        `d_feature_${k} ${JSON.stringify(want.shape)}: max abs ${c.maxAbs.toExponential(2)}, max rel ${c.maxRel.toExponential(2)}`,
      );
      expect(c.worstRatio, lines.join('\n')).toBeLessThanOrEqual(1);
    });
    console.log(`cpu float64 D features vs PyTorch:\n${lines.join('\n')}`);
    for (const f of feats) f.release();
    x.release();
    done();
  });

  it('reproduces grad_x of mean((G(w0)-x)^2) + sum_k mean((D_k(G(w0)) - D_k(x))^2) with G(w0) = image[0:1]', async () => {
    const { backend, d, done } = await setup();
    const image0 = goldenInput(backend, 'image', 1);
    const x = goldenInput(backend, 'x');
    x.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => {
      const fImage = d.features(image0);
      const fx = d.features(x);
      let total = mse(image0, x);
      fImage.forEach((f, k) => {
        total = add(total, mse(f, fx[k]));
      });
      return total;
    });
    const lossValue = backend.data(loss)[0];
    expect(lossValue).toBeCloseTo(goldenTensor('loss').data[0], 5);
    tape.backward(loss);
    tape.free();
    const want = goldenTensor('grad_x').data;
    const got = backend.data(x.grad as never);
    const c = compareArrays(got, want, { atol: 1e-4, rtol: 1e-3 });
    // grad_x is small (max |value| about 5e-3), so atol 1e-4 alone would pass a zero gradient: also hold the
    // error to 1e-3 of the largest value.
    const scaled = compareArrays(got, want, { atol: 1e-3 * maxAbs(want), rtol: 1e-3 });
    console.log(
      `cpu float64 grad_x vs PyTorch: max abs ${c.maxAbs.toExponential(2)}, max rel ${c.maxRel.toExponential(2)}, ` +
        `max |grad_x| ${maxAbs(want).toExponential(2)}; loss ${lossValue} vs ${goldenTensor('loss').data[0]}`,
    );
    expect(c.worstRatio).toBeLessThanOrEqual(1);
    expect(scaled.worstRatio).toBeLessThanOrEqual(1);
    x.grad?.release();
    for (const t of [x, image0]) t.release();
    done();
  });
});

describe('DiscriminatorFeatures gradients and lifecycle', () => {
  it('input gradient of every feature matches central differences at random pixels', async () => {
    const { backend, d, done } = await setup();
    const x = backend.fromArray(new Random(5).uniformArray(2 * 3 * 64 * 64, -1, 1), [2, 3, 64, 64]);
    x.requiresGrad = true;
    const r = probeGradients(backend, [x], () => d.features(x), 12);
    expect(r.checked).toBe(12);
    expect(r.worst.error, JSON.stringify(r.worst)).toBeLessThan(1e-5);
    x.release();
    done();
  });

  it('runs only up to the last feature block: the logit layers need not be loaded', async () => {
    const { backend, d, done } = await setup((n) => n.startsWith('d.') && !n.startsWith('d.final'));
    const x = backend.zeros([1, 3, 64, 64]);
    const feats = d.features(x); // outside a tape: the features are the caller's, intermediates are freed
    expect(feats.map((f) => f.shape[2])).toEqual([32, 16, 8, 4]);
    expect(backend.liveTensors).toBe(d.weights.names().length + 3 * 4 + 1 + feats.length);
    for (const f of feats) f.release();
    x.release();
    done();
  });

  it('refuses an image of another size or channel count, naming the shapes', async () => {
    const { backend, d, done } = await setup();
    const small = backend.zeros([1, 3, 32, 32]);
    expect(() => d.features(small)).toThrow(DiscriminatorInputError);
    expect(() => d.features(small)).toThrow(/must be \[N, 3, 64, 64\] .* got \[1, 3, 32, 32\]/);
    const gray = backend.zeros([1, 1, 64, 64]);
    expect(() => d.features(gray)).toThrow(/got \[1, 1, 64, 64\]/);
    for (const t of [small, gray]) t.release();
    done();
  });
});
