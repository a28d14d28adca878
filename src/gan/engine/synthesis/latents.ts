/**
 * Per-layer latents (w+) for the engine's synthesis: broadcasting one w to every style input, picking the w of
 * one style input, and wPlusOffset, the latent-offset tail GAN2Shape's encoder uses (it predicts an offset in w
 * space that is added to the latent of the image and fed to every style input). All differentiable.
 */
import { recordOp } from '../../../engine/autograd/tape';
import { add } from '../../../engine/ops/elementwise';
import { expandKernel } from '../../../engine/ops/elementwise.kernels';
import { sumToShapeKernel } from '../../../engine/ops/reduce.kernels';
import { reshape, slice } from '../../../engine/ops/shape';
import { reshapeKernel } from '../../../engine/ops/shape.kernels';
import { formatShape } from '../../../engine/shape';
import type { Tensor } from '../../../engine/tensor';
import { GanInputError } from './errors';

/** Checks a latent batch: [N, D] (one w per sample) or [N, nLatent, D] (w+). */
export function checkLatents(what: string, w: Tensor, styleDim: number, nLatent: number): void {
  const ok =
    (w.shape.length === 2 && w.shape[1] === styleDim) ||
    (w.shape.length === 3 && w.shape[1] === nLatent && w.shape[2] === styleDim);
  if (!ok)
    throw new GanInputError(
      `${what} must be [N, ${styleDim}] or [N, ${nLatent}, ${styleDim}] (n_latent, style_dim), got ${formatShape(w.shape)}.`,
    );
}

/** [N, D] -> [N, nLatent, D] (the same w for every style input); the gradient sums over the style inputs. */
export function broadcastLatents(w: Tensor, nLatent: number): Tensor {
  if (w.shape.length !== 2) throw new GanInputError(`broadcastLatents: w must be [N, D], got ${formatShape(w.shape)}.`);
  const [n, dim] = w.shape;
  const y = expandKernel([w], { shape: [n, nLatent, dim], viewAs: [n, 1, dim] });
  recordOp('broadcast_latents', [w], y, ([g]) => {
    const summed = sumToShapeKernel([g], { shape: [n, 1, dim], scale: 1 });
    const dw = reshapeKernel([summed], { shape: [n, dim] });
    summed.release();
    return [dw];
  });
  return y;
}

/** The w [N, D] of every style input of a w+ batch [N, nLatent, D] (the engine's slice works on NCHW views). */
export function splitLatents(wPlus: Tensor): Tensor[] {
  if (wPlus.shape.length !== 3)
    throw new GanInputError(`splitLatents: w+ must be [N, n_latent, D], got ${formatShape(wPlus.shape)}.`);
  const [n, nLatent, dim] = wPlus.shape;
  const view = reshape(wPlus, [n, nLatent, dim, 1]);
  return Array.from({ length: nLatent }, (_, i) => reshape(slice(view, 1, i, 1), [n, dim]));
}

/**
 * w+ = wBase + delta for every style input, always [N, nLatent, D]. Either operand may be [N, D] (the same for
 * every style input, e.g. the encoder's offset) or [N, nLatent, D]; the sum is a broadcasting add, so gradients
 * reach both operands (an [N, D] operand's gradient is the sum over the style inputs).
 */
export function wPlusOffset(wBase: Tensor, delta: Tensor, nLatent: number): Tensor {
  const dim = wBase.shape[wBase.shape.length - 1];
  checkLatents('wPlusOffset base', wBase, dim, nLatent);
  checkLatents('wPlusOffset delta', delta, dim, nLatent);
  if (wBase.shape[0] !== delta.shape[0])
    throw new GanInputError(
      `wPlusOffset: base ${formatShape(wBase.shape)} and delta ${formatShape(delta.shape)} have different batch sizes.`,
    );
  const n = wBase.shape[0];
  const base = wBase.shape.length === 2 ? broadcastLatents(wBase, nLatent) : wBase;
  const offset = delta.shape.length === 2 ? reshape(delta, [n, 1, dim]) : delta;
  return add(base, offset);
}
