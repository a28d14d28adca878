import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { getTestBackend } from './parity';
import { TinyAutoencoder } from './tiny-autoencoder';

describe('modules on webgpu', () => {
  it('start from the same seeded weights as on the cpu backend, and snapshot/restore on the device', async () => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const onGpu = new TinyAutoencoder(gpu, 11, 4);
    const onCpu = new TinyAutoencoder(new CpuBackend(), 11, 4);
    const gpuState = await onGpu.exportState();
    const cpuState = await onCpu.exportState();
    expect(Object.keys(gpuState)).toEqual(Object.keys(cpuState));
    for (const name of Object.keys(cpuState)) {
      const worst = Math.max(...cpuState[name].data.map((v, i) => Math.abs(v - gpuState[name].data[i])));
      expect(worst, name).toBeLessThan(1e-7); // float32 rounding of the same float64 draws
    }
    const snap = onGpu.snapshot();
    const [, firstWeight] = onGpu.namedParameters()[0];
    const zeros = gpu.zeros(firstWeight.shape);
    gpu.copyInto(firstWeight, zeros);
    zeros.release();
    expect((await firstWeight.read()).every((v) => v === 0)).toBe(true);
    onGpu.restore(snap);
    expect(await onGpu.exportState()).toEqual(gpuState);
    snap.release();
    onGpu.release();
    onCpu.release();
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});
