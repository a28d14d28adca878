/**
 * StyleGAN2's fused bias + leaky ReLU on the engine: (x + bias[c]) -> leaky_relu(slope) -> · gain, on x [N, C, ...]
 * (rosinality's fused_leaky_relu; docs/MODEL_BUNDLE.md `lrelu(x, b)`). One WGSL pass forward and one backward.
 * Differentiable w.r.t. x and, when it requires grad, the bias (bundle biases are frozen, so normally only x).
 */
import { recordOp } from '../../engine/autograd/tape';
import { channelSumKernel } from '../../engine/ops/core.kernels';
import type { Tensor } from '../../engine/tensor';
import {
  fusedLeakyReluBackwardKernel,
  fusedLeakyReluBackwardNoBiasKernel,
  fusedLeakyReluForwardKernel,
  fusedLeakyReluForwardNoBiasKernel,
} from './ops/fusedLeakyRelu.kernels';
import { fusedLeakyReluGeometry } from './ops/fusedLeakyRelu.reference';

export function fusedLeakyRelu(x: Tensor, bias: Tensor | null, slope = 0.2, gain = Math.SQRT2): Tensor {
  if (!Number.isFinite(slope) || !Number.isFinite(gain))
    throw new Error(`fusedLeakyRelu: slope ${slope} and gain ${gain} must be finite.`);
  const p = { slope, gain };
  if (!bias) {
    const y = fusedLeakyReluForwardNoBiasKernel([x], p);
    recordOp('fused_leaky_relu', [x], y, ([gy]) => [fusedLeakyReluBackwardNoBiasKernel([x, gy], p)]);
    return y;
  }
  const y = fusedLeakyReluForwardKernel([x, bias], p);
  recordOp('fused_leaky_relu', [x, bias], y, ([gy], needs) => {
    const dx = fusedLeakyReluBackwardKernel([x, bias, gy], p);
    let dbias: Tensor | null = null;
    if (needs[1]) {
      const g = fusedLeakyReluGeometry(x.shape, bias.shape);
      dbias = channelSumKernel([dx], g);
    }
    if (needs[0]) return [dx, dbias];
    dx.release();
    return [null, dbias];
  });
  return y;
}
