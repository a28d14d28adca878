import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d } from '../../../src/engine/ops/conv';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { checkParity, getTestBackend } from './parity';

// The workgroup-tiled conv forward (for real GPUs) on SwiftShader: correctness only, small shapes.
let tiled: WebGpuBackend | undefined;
async function tiledBackend(): Promise<WebGpuBackend> {
  tiled ??= new WebGpuBackend((await getTestBackend()).device, { convKernel: 'tiled' });
  return tiled;
}

describe('conv2d forward, workgroup-tiled variant: WGSL vs float64 reference', () => {
  const cases = [
    { k: 3, stride: 1, padding: 1 },
    { k: 4, stride: 2, padding: 1 },
    { k: 5, stride: 2, padding: 0 },
  ];
  for (const c of cases) {
    it(`batch 3, 5 -> 6 channels, 7x9, k${c.k} s${c.stride} p${c.padding}, bias`, async () => {
      const r = await checkParity({
        gpuBackend: await tiledBackend(),
        inputs: [{ shape: [3, 5, 7, 9] }, { shape: [6, 5, c.k, c.k] }, { shape: [6] }],
        forward: ([x, w, b]) => conv2d(x, w, b, { stride: c.stride, padding: c.padding }),
      });
      expect(r.ok, r.report).toBe(true);
    });
  }

  it('more than one 32 x 32 tile and a reduction longer than one 16-deep slice', async () => {
    const r = await checkParity({
      gpuBackend: await tiledBackend(),
      forwardOnly: true,
      inputs: [{ shape: [2, 7, 10, 10] }, { shape: [37, 7, 3, 3] }],
      forward: ([x, w]) => conv2d(x, w, null, { padding: 1 }),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('split-K bottleneck and the conv_transpose2d input gradient', async () => {
    const gpuBackend = await tiledBackend();
    const bottleneck = await checkParity({
      gpuBackend,
      inputs: [{ shape: [3, 40, 4, 4] }, { shape: [6, 40, 4, 4] }, { shape: [6] }],
      forward: ([x, w, b]) => conv2d(x, w, b),
    });
    expect(bottleneck.ok, bottleneck.report).toBe(true);
    const transposed = await checkParity({
      gpuBackend,
      inputs: [{ shape: [2, 5, 4, 5] }, { shape: [5, 6, 4, 4] }, { shape: [6] }],
      forward: ([x, w, b]) => convTranspose2d(x, w, b, { stride: 2, padding: 1 }),
    });
    expect(transposed.ok, transposed.report).toBe(true);
  });
});
