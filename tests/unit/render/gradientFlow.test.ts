/**
 * Gradient flow through the whole renderer: a depth map optimised with Adam through render + masked L1 against
 * images rendered from a known bumpy depth in three views recovers that depth. Runs on the float64 reference.
 */
import { describe, expect, it } from 'vitest';
import {
  type ReconstructionInputs,
  reconstructBackward,
  reconstructForward,
} from '../../../src/render/reference/reconstruct';
import { bumpyDepth, smoothAlbedo } from './scenes';

const S = 16;
const YAWS = [-0.25, 0, 0.25];

function meanInteriorError(depth: ArrayLike<number>, target: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let r = 1; r < S - 1; r++) {
    for (let c = 1; c < S - 1; c++) {
      sum += Math.abs(depth[r * S + c] - target[r * S + c]);
      n++;
    }
  }
  return sum / n;
}

describe('gradient flow through render + L1 (float64 reference)', () => {
  it('recovers a bumpy depth from three views: the depth error falls by at least 10x', () => {
    const target = bumpyDepth(1, S, S, 77, 0.05);
    const views = YAWS.length;
    const base: Omit<ReconstructionInputs, 'depth'> = {
      depthBatch: 1,
      albedo: smoothAlbedo(1, S, S, 78),
      albedoBatch: 1,
      light: Float64Array.from(YAWS.flatMap(() => [0.3, 0.7, 0.6, -0.4])),
      view: Float64Array.from(YAWS.flatMap((y) => [0, y, 0, 0, 0, 0])),
      height: S,
      width: S,
    };
    const targetRender = reconstructForward({ ...base, depth: target });
    const depth = new Float64Array(S * S).fill(1);
    const initialError = meanInteriorError(depth, target);
    // Adam (lr 2e-3, betas 0.9/0.999), the method's optimizer.
    const m = new Float64Array(S * S);
    const v = new Float64Array(S * S);
    const lr = 2e-3;
    const steps = 250;
    for (let t = 1; t <= steps; t++) {
      const x = { ...base, depth };
      const fwd = reconstructForward(x);
      const grad = new Float64Array(views * 3 * S * S);
      let maskSum = 0;
      for (let b = 0; b < views; b++) {
        for (let i = 0; i < S * S; i++) maskSum += 3 * fwd.mask[b * S * S + i] * targetRender.mask[b * S * S + i];
      }
      for (let b = 0; b < views; b++) {
        for (let k = 0; k < 3; k++) {
          for (let i = 0; i < S * S; i++) {
            const j = (b * 3 + k) * S * S + i;
            const m2 = fwd.mask[b * S * S + i] * targetRender.mask[b * S * S + i];
            grad[j] = (m2 * Math.sign(fwd.image[j] - targetRender.image[j])) / maskSum;
          }
        }
      }
      const g = reconstructBackward(x, fwd, grad).gradDepth;
      for (let i = 0; i < S * S; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        const mh = m[i] / (1 - 0.9 ** t);
        const vh = v[i] / (1 - 0.999 ** t);
        depth[i] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
    const finalError = meanInteriorError(depth, target);
    console.log(`depth error ${initialError.toExponential(3)} -> ${finalError.toExponential(3)}`);
    expect(finalError).toBeLessThan(initialError / 10);
  });
});
