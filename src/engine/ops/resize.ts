/**
 * Autograd ops of the resize family (PyTorch semantics): upsampleNearest2x (F.interpolate scale 2 'nearest'),
 * avgPool2x2 (F.avg_pool2d(x, 2)), resizeBilinear (F.interpolate 'bilinear', align_corners=False, to a size) and
 * resizeArea (F.interpolate 'area' = adaptive_avg_pool2d, downsampling only).
 */
import { recordOp } from '../autograd/tape';
import type { Tensor } from '../tensor';
import { type ResizeParams, resizeBackwardKernel, resizeForwardKernel } from './resize.kernels';

function resize(x: Tensor, params: ResizeParams): Tensor {
  const y = resizeForwardKernel([x], params);
  recordOp(params.mode, [x], y, ([gy]) => [resizeBackwardKernel([gy], { ...params, inputShape: x.shape })]);
  return y;
}

export function upsampleNearest2x(x: Tensor): Tensor {
  return resize(x, { mode: 'nearest2x' });
}

export function avgPool2x2(x: Tensor): Tensor {
  return resize(x, { mode: 'avgpool2' });
}

export function resizeBilinear(x: Tensor, outH: number, outW: number): Tensor {
  return resize(x, { mode: 'bilinear', outH, outW });
}

export function resizeArea(x: Tensor, outH: number, outW: number): Tensor {
  return resize(x, { mode: 'area', outH, outW });
}
