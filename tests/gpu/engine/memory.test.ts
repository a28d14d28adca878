import { describe, expect, it } from 'vitest';
import { getTestBackend } from './parity';
import { createTrainer } from './tiny-autoencoder';

const ITERATIONS = 1000;
const WARMUP = 10;

describe('memory: 1000 training iterations on webgpu', () => {
  it('leave the pool allocated bytes, live buffer count and in-use buffers flat after warm-up', async () => {
    const gpu = await getTestBackend();
    const inUseBeforeTrainer = gpu.pool.stats().inUseBuffers;
    const trainer = createTrainer(gpu, { batch: 1, size: 8, width: 4, lr: 1e-3 });
    for (let i = 0; i < WARMUP; i++) trainer.step(false);
    await gpu.finish();
    const warm = gpu.pool.stats();
    const pipelines = gpu.pipelines.size;
    let lossTensor = null;
    for (let i = 0; i < ITERATIONS; i++) {
      // Like a training loop: loss read back only now and then; the GPU queue is drained every 100 steps.
      const keep = i % 100 === 99;
      lossTensor = trainer.step(keep);
      if (lossTensor) {
        const value = (await lossTensor.read())[0];
        expect(Number.isFinite(value)).toBe(true);
        lossTensor.release();
      }
    }
    await gpu.finish();
    const end = gpu.pool.stats();
    console.log(`after warm-up ${JSON.stringify(warm)}; after ${ITERATIONS} iterations ${JSON.stringify(end)}`);
    expect(end.allocatedBytes).toBe(warm.allocatedBytes);
    expect(end.liveBuffers).toBe(warm.liveBuffers);
    expect(end.inUseBuffers).toBe(warm.inUseBuffers);
    expect(gpu.pipelines.size).toBe(pipelines);
    trainer.dispose();
    // Parameters, Adam moments and images were the only buffers held across steps: all back in the pool now.
    expect(gpu.pool.stats().inUseBuffers).toBe(inUseBeforeTrainer);
  });
});
