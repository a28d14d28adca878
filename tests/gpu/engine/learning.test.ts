import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { getTestBackend } from './parity';
import { createTrainer } from './tiny-autoencoder';

const STEPS = 30;

async function lossTrajectory(backend: Backend): Promise<number[]> {
  const trainer = createTrainer(backend, { batch: 2, size: 16, width: 8, lr: 3e-3 });
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const loss = trainer.step(true);
    if (!loss) throw new Error('the trainer returned no loss');
    losses.push((await loss.read())[0]);
    loss.release();
  }
  trainer.dispose();
  return losses;
}

describe('learning: tiny encoder-decoder, 30 Adam steps, webgpu vs float64 reference engine', () => {
  it('matches the reference loss trajectory to 1e-3 relative at every step, and the loss falls', async () => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const ref = await lossTrajectory(new CpuBackend());
    const got = await lossTrajectory(gpu);
    const relative = got.map((l, i) => Math.abs(l - ref[i]) / Math.abs(ref[i]));
    console.log(
      `loss ${ref[0].toFixed(5)} -> ${ref[STEPS - 1].toFixed(5)}; worst relative gpu/ref gap ${Math.max(...relative).toExponential(2)}`,
    );
    for (let i = 0; i < STEPS; i++)
      expect(relative[i], `step ${i}: gpu ${got[i]} vs ref ${ref[i]}`).toBeLessThanOrEqual(1e-3);
    expect(ref[STEPS - 1]).toBeLessThan(0.7 * ref[0]);
    expect(got[STEPS - 1]).toBeLessThan(0.7 * got[0]);
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});
