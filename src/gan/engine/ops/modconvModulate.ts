/**
 * Autograd op of the modconv modulation family: x [N,C,H,W] times the style s [N,C] per sample and channel, the
 * first step of StyleGAN2's non-fused modulated conv (see modconvModulate.reference.ts). One pass forward and
 * one backward (dx and ds together) instead of a broadcast mul's reshape, product and reduction passes.
 */
import { recordOp } from '../../../engine/autograd/tape';
import type { Tensor } from '../../../engine/tensor';
import { modulateBackwardKernel, modulateForwardKernel } from './modconvModulate.kernels';

export function modulate(x: Tensor, style: Tensor): Tensor {
  const y = modulateForwardKernel([x, style], {});
  recordOp('modconv_modulate', [x, style], y, ([g], [needX, needS]) => {
    const { dx, ds } = modulateBackwardKernel([x, style, g], {});
    if (!needX) dx.release();
    if (!needS) ds.release();
    return [needX ? dx : null, needS ? ds : null];
  });
  return y;
}
