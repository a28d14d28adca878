import { describe, expect, it } from 'vitest';
import { fusedLeakyRelu } from '../../../../src/gan/engine/fusedLeakyRelu';
import { upfirdn2d } from '../../../../src/gan/engine/upfirdn';
import { checkParity } from '../../engine/parity';

/** Asymmetric, so a missing kernel flip on one backend would show. */
const KERNEL = [0.1, 0.7, -0.3, 0.2, 0.5, -0.2, 0.9, 0.05, -0.4, 0.3, 0.25, 0.6, 0.15, -0.65, 0.35, 0.45];

describe('upfirdn2d: WGSL vs float64 reference (forward and input gradient)', () => {
  it.each([
    { name: 'up 2, pad 2,1 (rgb skip)', up: 2, down: 1, pad: [2, 1] as [number, number], shape: [2, 3, 5, 7] },
    { name: 'pad 1,1 (modconv blur, D skip)', up: 1, down: 1, pad: [1, 1] as [number, number], shape: [2, 5, 9, 7] },
    { name: 'pad 2,2 (D conv blur)', up: 1, down: 1, pad: [2, 2] as [number, number], shape: [3, 2, 7, 5] },
    { name: 'down 2, pad 1,1', up: 1, down: 2, pad: [1, 1] as [number, number], shape: [2, 3, 9, 8] },
    { name: 'up 2 down 2, crop', up: 2, down: 2, pad: [3, -1] as [number, number], shape: [2, 2, 5, 6] },
  ])('$name, x $shape', async ({ up, down, pad, shape }) => {
    const r = await checkParity({
      inputs: [{ shape }, { shape: [4, 4], data: KERNEL, requiresGrad: false }],
      forward: ([x, k]) => upfirdn2d(x, k, { up, down, pad }),
    });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('fusedLeakyRelu: WGSL vs float64 reference (forward, x and bias gradients)', () => {
  it.each([
    ['vec4 path with bias', [3, 5, 4, 8], true],
    ['scalar path with bias', [3, 5, 7, 9], true],
    ['[N, C] with bias', [4, 7], true],
    ['vec4 path without bias', [2, 3, 4, 4], false],
    ['scalar path without bias', [2, 3, 3, 3], false],
  ] as const)('%s %j', async (_name, shape, withBias) => {
    const r = await checkParity({
      inputs: withBias ? [{ shape: [...shape] }, { shape: [shape[1]] }] : [{ shape: [...shape] }],
      forward: ([x, b]) => fusedLeakyRelu(x, withBias ? b : null),
    });
    expect(r.ok, r.report).toBe(true);
  });

  it('another slope and gain, bias frozen', async () => {
    const r = await checkParity({
      inputs: [
        { shape: [2, 6, 4, 4], low: -3, high: 3 },
        { shape: [6], requiresGrad: false },
      ],
      forward: ([x, b]) => fusedLeakyRelu(x, b, 0.05, 1.7),
    });
    expect(r.ok, r.report).toBe(true);
  });
});
