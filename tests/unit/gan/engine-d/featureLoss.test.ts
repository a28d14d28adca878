import { describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { slice } from '../../../../src/engine/ops/shape';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';
import { DiscriminatorFeatures, DiscriminatorInputError } from '../../../../src/gan/engine/discriminator';
import {
  discriminatorFeatureLoss,
  discriminatorFeatureLossTo,
  discriminatorFeatureLossToGroups,
  pooledMask,
  targetFeatures,
} from '../../../../src/gan/engine/featureLoss';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { probeGradients } from './fdProbe';
import { goldenBundle } from './goldenBundle';

const S = 64;

async function setup() {
  const bundle = await goldenBundle();
  const backend = new CpuBackend();
  const weights = GanWeights.load(backend, bundle, { include: (n) => n.startsWith('d.') });
  const d = new DiscriminatorFeatures(weights, bundle.manifest);
  const random = new Random(11);
  const image = (n: number) => backend.fromArray(random.uniformArray(n * 3 * S * S, -1, 1), [n, 3, S, S]);
  // A soft mask: a disc per sample plus noise, values in [0, 1].
  const mask = (n: number) => {
    const m = new Float64Array(n * S * S);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < S; y++)
        for (let x = 0; x < S; x++) {
          const r = Math.hypot(x - 30 - 4 * b, y - 34) / 24;
          m[(b * S + y) * S + x] = Math.min(1, Math.max(0, 1.2 - r + 0.2 * random.uniform(-1, 1)));
        }
    return backend.fromArray(m, [n, 1, S, S]);
  };
  const done = () => {
    d.release();
    weights.release();
    expect(backend.liveTensors).toBe(0);
  };
  return { backend, d, image, mask, done };
}

/**
 * gan2shape/losses.py DiscriminatorLoss from feature values: Σ_k Σ m_k |A_k - B_k| / Σ m_k, m_k the mask averaged
 * over (S/r)² blocks and expanded over channels; Σ_k mean |A_k - B_k| without a mask.
 */
function directLoss(fa: Float64Array[], fb: Float64Array[], shapes: number[][], mask?: Float64Array) {
  let total = 0;
  fa.forEach((a, k) => {
    const [n, c, r] = shapes[k];
    const f = S / r;
    let s = 0;
    let den = 0;
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < r; y++)
          for (let x = 0; x < r; x++) {
            let m = 1;
            if (mask) {
              m = 0;
              for (let dy = 0; dy < f; dy++)
                for (let dx = 0; dx < f; dx++) m += mask[(b * S + y * f + dy) * S + x * f + dx];
              m /= f * f;
            }
            const i = ((b * c + ch) * r + y) * r + x;
            s += m * Math.abs(a[i] - fb[k][i]);
            den += m;
          }
    total += s / den;
  });
  return total;
}

describe('discriminatorFeatureLoss (float64)', () => {
  it('equals GAN2Shape DiscriminatorLoss: sum over features of sum(m_k |D_k(a) - D_k(b)|) / sum(m_k), or the mean', async () => {
    const { backend, d, image, mask, done } = await setup();
    const a = image(2);
    const b = image(2);
    const m = mask(2);
    const fa = d.features(a);
    const fb = d.features(b);
    const shapes = fa.map((f) => [f.shape[0], f.shape[1], f.shape[2]]);
    const va = fa.map((f) => backend.data(f));
    const vb = fb.map((f) => backend.data(f));
    const masked = discriminatorFeatureLoss(d, a, b, m);
    const plain = discriminatorFeatureLoss(d, a, b);
    expect(masked.shape).toEqual([]);
    const wantMasked = directLoss(va, vb, shapes, backend.data(m));
    const wantPlain = directLoss(va, vb, shapes);
    expect(backend.data(masked)[0]).toBeCloseTo(wantMasked, 12);
    expect(backend.data(plain)[0]).toBeCloseTo(wantPlain, 12);
    const same = discriminatorFeatureLoss(d, a, a, m);
    expect(backend.data(same)[0]).toBe(0);
    for (const t of [...fa, ...fb, masked, plain, same, a, b, m]) t.release();
    done();
  });

  it('gradients reach a, b and the mask (central differences at random coordinates)', async () => {
    const { backend, d, image, mask, done } = await setup();
    const a = image(1);
    const b = image(1);
    const m = mask(1);
    for (const t of [a, b, m]) t.requiresGrad = true;
    const r = probeGradients(backend, [a, b, m], () => [discriminatorFeatureLoss(d, a, b, m)], 4);
    expect(r.checked).toBe(12);
    expect(r.worst.error, JSON.stringify(r.worst)).toBeLessThan(1e-5);
    for (const t of [a, b, m]) t.release();
    done();
  });

  it('a constant b gets no gradient, and its pass keeps only its features alive in the tape', async () => {
    const { backend, d, image, done } = await setup();
    const a = image(1);
    const b = image(1);
    a.requiresGrad = true;
    const run = () => {
      const tape = new Tape();
      const loss = tape.run(() => discriminatorFeatureLoss(d, a, b));
      const owned = tape.ownedCount;
      const value = backend.data(loss)[0];
      tape.backward(loss);
      tape.free();
      const grad = a.grad as Tensor;
      const aGrad = Array.from(backend.data(grad));
      grad.release();
      a.grad = null;
      return { owned, value, aGrad };
    };
    const constant = run();
    expect(b.grad).toBeNull();
    b.requiresGrad = true;
    const tracked = run();
    expect(tracked.value).toBe(constant.value);
    expect(tracked.aGrad).toEqual(constant.aGrad);
    expect(b.grad).not.toBeNull();
    // 4 features survive of b's pass instead of all its activations.
    expect(constant.owned).toBeLessThan(tracked.owned - 10);
    b.grad?.release();
    for (const t of [a, b]) t.release();
    done();
  });

  it('against precomputed target features: the same loss and gradient, reusable over iterations', async () => {
    const { backend, d, image, mask, done } = await setup();
    const a = image(2);
    const b = image(2);
    const m = mask(2);
    a.requiresGrad = true;
    const lossAndGrad = (loss: () => Tensor) => {
      const tape = new Tape();
      const value = tape.run(loss);
      const v = backend.data(value)[0];
      tape.backward(value);
      tape.free();
      const grad = Array.from(backend.data(a.grad as Tensor));
      (a.grad as Tensor).release();
      a.grad = null;
      return { v, grad };
    };
    const direct = lossAndGrad(() => discriminatorFeatureLoss(d, a, b, m));
    const target = targetFeatures(d, b);
    for (let iteration = 0; iteration < 2; iteration++) {
      const reused = lossAndGrad(() => discriminatorFeatureLossTo(d, a, target, m));
      expect(reused.v).toBeCloseTo(direct.v, 12);
      for (const [i, g] of reused.grad.entries()) expect(g).toBeCloseTo(direct.grad[i], 12);
    }
    expect(() => discriminatorFeatureLossTo(d, a, target.slice(1), m)).toThrow(/do not match/);
    for (const t of [...target, a, b, m]) t.release();
    done();
  });

  it('grouped: each entry is discriminatorFeatureLossTo of its samples, with and without a mask', async () => {
    const { backend, d, image, mask, done } = await setup();
    const a = image(3);
    const b = image(3);
    const m = mask(3);
    const target = targetFeatures(d, b);
    for (const useMask of [true, false]) {
      const grouped = discriminatorFeatureLossToGroups(d, a, target, useMask ? m : undefined, [2, 1]);
      expect(grouped.shape).toEqual([2]);
      for (const [g, [first, count]] of [
        [0, 2],
        [2, 1],
      ].entries()) {
        const parts = [a, m, ...target].map((t) => slice(t, 0, first, count));
        const one = discriminatorFeatureLossTo(d, parts[0], parts.slice(2), useMask ? parts[1] : undefined);
        expect(backend.data(grouped)[g]).toBeCloseTo(backend.data(one)[0], 12);
        for (const t of [...parts, one]) t.release();
      }
      grouped.release();
    }
    expect(() => discriminatorFeatureLossToGroups(d, a, target, m, [3, 1])).toThrow(
      /the groups sum to 4, not to the 3/,
    );
    for (const t of [...target, a, b, m]) t.release();
    done();
  });

  it('pooledMask is the area average; bad shapes are refused with the shapes named', async () => {
    const { backend, d, image, mask, done } = await setup();
    const m = mask(1);
    const p = pooledMask(m, 4);
    expect(p.shape).toEqual([1, 1, 4, 4]);
    const mv = backend.data(m);
    let s = 0;
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) s += mv[y * S + x];
    expect(backend.data(p)[0]).toBeCloseTo(s / 256, 12);
    expect(pooledMask(m, S)).toBe(m);
    const a = image(1);
    const b2 = image(2);
    expect(() => discriminatorFeatureLoss(d, a, b2)).toThrow(DiscriminatorInputError);
    const m2 = mask(2);
    expect(() => discriminatorFeatureLoss(d, a, a, m2)).toThrow(/mask must be \[1, 1, 64, 64\], got \[2, 1, 64, 64\]/);
    for (const t of [m, p, a, b2, m2]) t.release();
    done();
  });
});
