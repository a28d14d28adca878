/**
 * StyleGAN2 synthesis on WGSL (Dawn) vs PyTorch's golden image (tiny 64 px bundle), the image-term gradient
 * w.r.t. w vs the float64 cpu engine, wPlusOffset parity, and no leaked GPU buffers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tape } from '../../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { mse } from '../../../../src/engine/ops/loss';
import type { Tensor } from '../../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../../src/engine/webgpu/backend';
import { wPlusOffset } from '../../../../src/gan/engine/synthesis';
import { compareTo, type GoldenGan, golden, loadGoldenGan } from '../../../unit/gan/engine-g/goldenGan';
import { checkParity, getTestBackend } from '../../engine/parity';

/** d mean((G(w0) - x)^2) / d w0 on a backend. */
async function imageTermGradient(gan: GoldenGan, backend: CpuBackend | WebGpuBackend): Promise<Float64Array> {
  const w = golden('w');
  const x = golden('x');
  const w0 = backend.fromArray(w.data.subarray(0, 160), [1, 10, 16]);
  w0.requiresGrad = true;
  const target = backend.fromArray(x.data, x.shape);
  const tape = new Tape();
  tape.backward(tape.run(() => mse(gan.synthesis.forward(w0), target)));
  tape.free();
  const grad = await (w0.grad as Tensor).read();
  w0.grad?.release();
  w0.release();
  target.release();
  return grad;
}

describe('engine StyleGAN2 synthesis on WebGPU', () => {
  let backend: WebGpuBackend;
  let gan: GoldenGan;
  beforeAll(async () => {
    backend = await getTestBackend();
    gan = await loadGoldenGan(backend);
  });
  afterAll(() => gan?.release());

  it('gives the golden image for the golden w+ (batch 2) and frees every intermediate', async () => {
    const inUse = backend.pool.stats().inUseBuffers;
    const w = golden('w');
    const wt = backend.fromArray(w.data, w.shape);
    const image = gan.synthesis.generate(wt);
    const r = compareTo(await image.read(), golden('image').data, 1e-4, 1e-3);
    console.log(`webgpu synthesis vs PyTorch: max |diff| ${r.maxAbs.toExponential(2)}`);
    expect(r.ok).toBe(true);
    image.release();
    wt.release();
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
  });

  it('the image-term gradient w.r.t. w0 equals the float64 engine', async () => {
    const cpu = new CpuBackend();
    const cpuGan = await loadGoldenGan(cpu);
    const want = await imageTermGradient(cpuGan, cpu);
    cpuGan.release();
    const inUse = backend.pool.stats().inUseBuffers;
    const got = await imageTermGradient(gan, backend);
    expect(backend.pool.stats().inUseBuffers).toBe(inUse);
    let scale = 0;
    for (const v of want) scale = Math.max(scale, Math.abs(v));
    const r = compareTo(got, want, 1e-5 * scale, 1e-3);
    console.log(
      `webgpu grad_w (image term) vs float64: max |diff| ${r.maxAbs.toExponential(2)} (max |grad| ${scale.toExponential(2)})`,
    );
    expect(r.ok).toBe(true);
  });

  it('wPlusOffset: [N,D] base + [N,D] offset and [N,L,D] base + [N,D] offset', async () => {
    for (const baseShape of [
      [3, 5],
      [3, 4, 5],
    ]) {
      const r = await checkParity({
        inputs: [{ shape: baseShape }, { shape: [3, 5] }],
        forward: ([base, delta]) => wPlusOffset(base, delta, 4),
      });
      expect(r.ok, r.report).toBe(true);
    }
  });
});
