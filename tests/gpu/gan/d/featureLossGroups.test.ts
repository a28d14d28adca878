import { afterAll, describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { slice } from '../../../../src/engine/ops/shape';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../../src/engine/webgpu/backend';
import { DiscriminatorFeatures } from '../../../../src/gan/engine/discriminator';
import {
  discriminatorFeatureLossTo,
  discriminatorFeatureLossToGroups,
  targetFeatures,
} from '../../../../src/gan/engine/featureLoss';
import { GanWeights } from '../../../../src/gan/engine/weights';
import { discriminatorPerceptual } from '../../../../src/gan2shape/method/perceptual';
import { compareArrays, maxAbs } from '../../../tolerance';
import { goldenBundle } from '../../../unit/gan/engine-d/goldenBundle';
import { getTestBackend } from '../../engine/parity';

const S = 64;
const GROUPS = [1, 2];
let made: { d: DiscriminatorFeatures; weights: GanWeights } | null = null;

async function setup(): Promise<{ gpu: WebGpuBackend; d: DiscriminatorFeatures }> {
  const gpu = await getTestBackend();
  if (!made) {
    const bundle = await goldenBundle();
    const weights = GanWeights.load(gpu, bundle, { include: (n) => n.startsWith('d.') });
    made = { d: new DiscriminatorFeatures(weights, bundle.manifest), weights };
  }
  return { gpu, d: made.d };
}

afterAll(() => {
  made?.d.release();
  made?.weights.release();
});

const random = new Random(31);
const image = (gpu: WebGpuBackend, n: number, s = S) =>
  gpu.fromArray(random.uniformArray(n * 3 * s * s, -1, 1), [n, 3, s, s]);
const softMask = (gpu: WebGpuBackend, n: number, s = S) =>
  gpu.fromArray(random.uniformArray(n * s * s, 0, 1), [n, 1, s, s]);

/** Value and gradient of a of `loss` under the upstream gradient `weights` ([G] or one value for a scalar). */
async function valueAndGrad(gpu: WebGpuBackend, a: Tensor, loss: () => Tensor, weights: number[]) {
  const tape = new Tape();
  const y = tape.run(loss);
  const seed = gpu.fromArray(weights, y.shape);
  tape.backward(y, seed);
  const value = Array.from(await y.read());
  tape.free();
  seed.release();
  const grad = await (a.grad as Tensor).read();
  a.grad?.release();
  a.grad = null;
  return { value, grad };
}

describe('discriminatorFeatureLossToGroups on WebGPU', () => {
  it('equals discriminatorFeatureLossTo of each group of samples, in value and gradient of a', async () => {
    const { gpu, d } = await setup();
    const inUse = gpu.pool.stats().inUseBuffers;
    const a = image(gpu, 3);
    const b = image(gpu, 3);
    const m = softMask(gpu, 3);
    const target = targetFeatures(d, b);
    a.requiresGrad = true;
    const weights = [0.7, -1.3];
    const grouped = await valueAndGrad(
      gpu,
      a,
      () => discriminatorFeatureLossToGroups(d, a, target, m, GROUPS),
      weights,
    );
    expect(grouped.value.length).toBe(2);
    let first = 0;
    const perSample = 3 * S * S;
    const lines: string[] = [];
    for (const [g, count] of GROUPS.entries()) {
      const part = slice(a, 0, first, count);
      part.requiresGrad = true;
      const parts = [m, ...target].map((t) => slice(t, 0, first, count));
      const one = await valueAndGrad(gpu, part, () => discriminatorFeatureLossTo(d, part, parts.slice(1), parts[0]), [
        weights[g],
      ]);
      const want = one.value[0];
      lines.push(`group ${g}: ${grouped.value[g]} vs ${want}`);
      expect(Math.abs(grouped.value[g] - want), lines.join('; ')).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want));
      const got = grouped.grad.subarray(first * perSample, (first + count) * perSample);
      const c = compareArrays(got, one.grad, { atol: 1e-3 * maxAbs(one.grad), rtol: 1e-3 });
      expect(c.worstRatio, `grad of group ${g}: ${c.report}`).toBeLessThanOrEqual(1);
      for (const t of [part, ...parts]) t.release();
      first += count;
    }
    console.log(`grouped feature loss vs per-group feature loss: ${lines.join('; ')}`);
    expect(() => discriminatorFeatureLossToGroups(d, a, target, m, [1, 1])).toThrow(
      /groups \[1, 1\] of \[3, 3, 64, 64\]/,
    );
    for (const t of [...target, a, b, m]) t.release();
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });

  it('PerceptualTarget.lossGroups equals loss() of each group (images resized to the GAN size, masked)', async () => {
    const { gpu, d } = await setup();
    const inUse = gpu.pool.stats().inUseBuffers;
    const s = 48;
    const perceptual = discriminatorPerceptual(d, S);
    const b = image(gpu, 3, s);
    const m = softMask(gpu, 3, s);
    const pred = image(gpu, 3, s);
    const whole = perceptual.target(b, m);
    // Inside a tape, as the steps call it: the tape owns the masked and resized prediction.
    const lossValue = async (loss: () => Tensor) => {
      const tape = new Tape();
      const y = tape.run(loss);
      const v = { shape: y.shape, data: await y.read() };
      tape.free();
      return v;
    };
    const grouped = await lossValue(() => whole.lossGroups(pred, GROUPS));
    expect(grouped.shape).toEqual([2]);
    const got = grouped.data;
    let first = 0;
    for (const [g, count] of GROUPS.entries()) {
      const [bg, mg, pg] = [b, m, pred].map((t) => slice(t, 0, first, count));
      const part = perceptual.target(bg, mg);
      const want = (await lossValue(() => part.loss(pg))).data[0];
      expect(Math.abs(got[g] - want), `group ${g}: ${got[g]} vs ${want}`).toBeLessThanOrEqual(1e-5 + 1e-4 * want);
      part.release();
      for (const t of [bg, mg, pg]) t.release();
      first += count;
    }
    whole.release();
    for (const t of [b, m, pred]) t.release();
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});
