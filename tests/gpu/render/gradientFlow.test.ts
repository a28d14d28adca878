/**
 * Gradient flow through the WGSL renderer: a depth map optimised with Adam through reconstruct() + masked L1
 * against images rendered from a known bumpy depth in three views recovers that depth (the float64 version is
 * tests/unit/render/gradientFlow.test.ts). The L1 gradient and Adam run on the CPU from read-backs: this tests
 * the renderer's backward, not the optimizer.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import type { Tensor } from '../../../src/engine/tensor';
import { reconstruct } from '../../../src/render/reconstruct';
import { bumpyDepth, smoothAlbedo } from '../../unit/render/scenes';
import { gpuBackend } from './parity';

const S = 16;
const YAWS = [-0.25, 0, 0.25];

function meanInteriorError(depth: ArrayLike<number>, target: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 1; r < S - 1; r++) for (let c = 1; c < S - 1; c++) sum += Math.abs(depth[r * S + c] - target[r * S + c]);
  return sum / ((S - 2) * (S - 2));
}

describe('gradient flow through the WGSL renderer', () => {
  it('recovers a bumpy depth from three views: the depth error falls by at least 10x', async () => {
    const backend = await gpuBackend();
    const views = YAWS.length;
    const fixed = {
      albedo: backend.fromArray(smoothAlbedo(1, S, S, 78), [1, 3, S, S]).keep(),
      light: backend
        .fromArray(
          YAWS.flatMap(() => [0.3, 0.7, 0.6, -0.4]),
          [views, 4],
        )
        .keep(),
      view: backend
        .fromArray(
          YAWS.flatMap((y) => [0, y, 0, 0, 0, 0]),
          [views, 6],
        )
        .keep(),
    };
    const render = async (
      depthValues: Float64Array,
      seedFor?: (image: Float64Array, mask: Float64Array) => Float64Array,
    ) => {
      const tape = new Tape();
      const depth = tape.run(() => backend.fromArray(depthValues, [1, S, S]));
      depth.requiresGrad = true;
      const out = tape.run(() => reconstruct({ depth, ...fixed }));
      const image = await out.image.read();
      const mask = await out.mask.read();
      let grad: Float64Array | null = null;
      if (seedFor) {
        const seed: Tensor = backend.fromArray(seedFor(image, mask), [views, 3, S, S]);
        tape.backward(out.image, seed);
        seed.release();
        grad = await depth.grad!.read();
        depth.grad!.release();
      }
      tape.free();
      return { image, mask, grad };
    };

    const targetDepth = bumpyDepth(1, S, S, 77, 0.05);
    const target = await render(targetDepth);
    const depth = new Float64Array(S * S).fill(1);
    const initialError = meanInteriorError(depth, targetDepth);
    const m = new Float64Array(S * S);
    const v = new Float64Array(S * S);
    for (let t = 1; t <= 250; t++) {
      const { grad } = await render(depth, (image, mask) => {
        const both = mask.map((x, i) => x * target.mask[i]);
        const count = 3 * both.reduce((a, b) => a + b, 0);
        const seed = new Float64Array(image.length);
        for (let j = 0; j < seed.length; j++) {
          const i = Math.floor(j / (3 * S * S)) * S * S + (j % (S * S));
          seed[j] = (both[i] * Math.sign(image[j] - target.image[j])) / count;
        }
        return seed;
      });
      for (let i = 0; i < S * S; i++) {
        const g = grad![i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        depth[i] -= (2e-3 * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
      }
    }
    for (const x of Object.values(fixed)) x.release();
    const finalError = meanInteriorError(depth, targetDepth);
    console.log(`WGSL renderer: depth error ${initialError.toExponential(3)} -> ${finalError.toExponential(3)}`);
    expect(finalError).toBeLessThan(initialError / 10);
  });
});
