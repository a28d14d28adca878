import { describe, expect, it } from 'vitest';
import { useGpuStore } from '../../../src/app/gpuStore';
import { createNodeGpu } from '../../../src/engine/node/dawn';

describe('app GPU store (Dawn device)', () => {
  it('reports a lost device, keeps running after restart with a new device', async () => {
    const { gpu } = createNodeGpu();
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    await useGpuStore.getState().start();
    const first = useGpuStore.getState().status;
    expect(first.kind).toBe('ready');
    if (first.kind !== 'ready') return;
    expect(first.smoke.ok).toBe(true);

    first.engine.device.destroy();
    await expect.poll(() => useGpuStore.getState().status.kind, { timeout: 10_000 }).toBe('lost');

    await useGpuStore.getState().restart();
    const second = useGpuStore.getState().status;
    expect(second.kind).toBe('ready');
    if (second.kind === 'ready') expect(second.engine.device).not.toBe(first.engine.device);
  });
});
