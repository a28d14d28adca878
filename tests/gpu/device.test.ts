import { describe, expect, it } from 'vitest';
import { REQUIRED_LIMITS } from '../../src/engine/device';
import { runSmokeCompute } from '../../src/engine/smoke';
import { getTestDevice } from './harness';

describe('engine device on Dawn', () => {
  it('creates a device that meets the required limits', async () => {
    const engine = await getTestDevice();
    for (const [name, needed] of Object.entries(REQUIRED_LIMITS)) {
      expect(engine.device.limits[name as keyof GPUSupportedLimits], name).toBeGreaterThanOrEqual(needed);
    }
    expect(engine.adapter.vendor.length).toBeGreaterThan(0);
  });

  it('runs the trivial WGSL compute and reads back a + b * x exactly', async () => {
    const { device } = await getTestDevice();
    const result = await runSmokeCompute(device, 1000, 2.5, -1);
    expect(result.ok).toBe(true);
    expect(result.output[3]).toBeCloseTo(2.5 * result.input[3] - 1, 6);
  });
});
