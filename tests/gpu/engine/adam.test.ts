import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Adam, METHOD_ADAM } from '../../../src/engine/optim/adam';
import { Random } from '../../../src/engine/random';
import { getTestBackend } from './parity';

async function run(backend: Backend, steps: number): Promise<Float64Array> {
  const random = new Random(7);
  const p = backend.fromArray(random.uniformArray(1000, -1, 1), [10, 100]);
  const adam = new Adam([p], { ...METHOD_ADAM, lr: 1e-2 });
  for (let s = 0; s < steps; s++) {
    p.grad = backend.fromArray(random.uniformArray(1000, -0.5, 0.5), [10, 100]);
    adam.step();
    adam.zeroGrad();
  }
  const out = await p.read();
  adam.dispose();
  p.release();
  return out;
}

describe('Adam kernel: WGSL vs float64 reference', () => {
  it('five steps of the method defaults (lr raised to 1e-2) on 1000 values', async () => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const got = await run(gpu, 5);
    const ref = await run(new CpuBackend(), 5);
    let worst = 0;
    for (let i = 0; i < ref.length; i++)
      worst = Math.max(worst, Math.abs(got[i] - ref[i]) / (1e-5 + 1e-4 * Math.abs(ref[i])));
    expect(worst).toBeLessThanOrEqual(1);
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});
