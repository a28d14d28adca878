/**
 * StyleGAN2 synthesis and mapping on the float64 cpu backend vs PyTorch's golden results (tiny 64 px bundle,
 * tests/fixtures/stylegan2), and the gradient w.r.t. w against finite differences.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noGrad } from '../../../../src/engine/autograd/grad-mode';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { mse } from '../../../../src/engine/ops/loss';
import { Random } from '../../../../src/engine/random';
import type { Tensor } from '../../../../src/engine/tensor';
import { broadcastLatents, GanInputError } from '../../../../src/gan/engine/synthesis';
import { compareArrays } from '../../../tolerance';
import { type GoldenGan, golden, loadGoldenGan } from './goldenGan';

const ATOL = 1e-4;
const RTOL = 1e-3;

describe('engine StyleGAN2 (cpu float64) vs PyTorch golden', () => {
  const backend = new CpuBackend();
  let gan: GoldenGan;
  beforeAll(async () => {
    gan = await loadGoldenGan(backend);
  });
  afterAll(() => gan?.release());

  it('synthesis of the golden w+ [2,10,16] gives the golden image', async () => {
    const w = golden('w');
    const wt = backend.fromArray(w.data, w.shape);
    const image = gan.synthesis.generate(wt);
    expect(image.shape).toEqual([2, 3, 64, 64]);
    const r = compareArrays(await image.read(), golden('image').data, { atol: ATOL, rtol: RTOL });
    console.log(`synthesis vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)}`);
    expect(r.ok).toBe(true);
    image.release();
    wt.release();
  });

  it('mapping of the golden z gives the golden w', async () => {
    const z = golden('z');
    const zt = backend.fromArray(z.data, z.shape);
    const w = gan.mapping.generate(zt);
    const r = compareArrays(await w.read(), golden('w_from_z').data, { atol: 1e-5, rtol: 1e-4 });
    console.log(`mapping vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)}`);
    expect(r.ok).toBe(true);
    w.release();
    zt.release();
  });

  it('one w [N, D] equals the same w broadcast to every style input', async () => {
    const w0 = golden('w_from_z');
    const w = backend.fromArray(w0.data, w0.shape);
    const a = gan.synthesis.generate(w);
    const plus = broadcastLatents(w, 10);
    const b = gan.synthesis.generate(plus);
    expect(compareArrays(await a.read(), await b.read()).maxAbs).toBe(0);
    for (const t of [w, a, plus, b]) t.release();
  });

  it('refuses latents of the wrong shape with the expected shape in the message', () => {
    const bad = backend.zeros([1, 9, 16]);
    expect(() => gan.synthesis.forward(bad)).toThrow(GanInputError);
    expect(() => gan.synthesis.forward(bad)).toThrow(/\[N, 10, 16\].*\[1, 9, 16\]/);
    expect(() => gan.mapping.forward(backend.zeros([2, 15]))).toThrow(/\[N, 16\]/);
    bad.release();
  });

  it('d mean((G(w0) - x)^2) / d w0 matches central differences on a few coordinates', async () => {
    const w = golden('w');
    const x = golden('x');
    const w0 = backend.fromArray(w.data.subarray(0, 160), [1, 10, 16]);
    const target = backend.fromArray(x.data, x.shape);
    const loss = (wt: Tensor) => mse(gan.synthesis.forward(wt), target);
    w0.requiresGrad = true;
    const tape = new Tape();
    tape.backward(tape.run(() => loss(w0)));
    tape.free();
    const grad = backend.data(w0.grad as Tensor);
    const data = backend.data(w0);
    const coords = [0, 17, 40, 77, 118, 159, ...Array.from(new Random(5).uniformArray(2, 0, 160), Math.floor)];
    const eps = 1e-5;
    const evaluate = (): number =>
      noGrad(() => {
        const t = new Tape();
        const v = t.run(() => backend.data(loss(w0))[0]);
        t.free();
        return v;
      });
    for (const i of coords) {
      const saved = data[i];
      data[i] = saved + eps;
      const plus = evaluate();
      data[i] = saved - eps;
      const minus = evaluate();
      data[i] = saved;
      const numeric = (plus - minus) / (2 * eps);
      expect(Math.abs(grad[i] - numeric), `w0[${i}]: analytic ${grad[i]} numeric ${numeric}`).toBeLessThanOrEqual(
        1e-7 + 1e-5 * Math.abs(numeric),
      );
    }
    w0.grad?.release();
    w0.release();
    target.release();
  });
});
