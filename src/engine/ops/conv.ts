/** Autograd ops of the conv family: conv2d and conv_transpose2d (PyTorch semantics, groups 1, no dilation). */
import { recordOp } from '../autograd/tape';
import { METHOD_LEAKY_SLOPE } from '../reference/activation';
import type { Tensor } from '../tensor';
import { activationBackwardKernel } from './activation.kernels';
import {
  conv2dBackwardInputKernel,
  conv2dBackwardWeightKernel,
  conv2dForwardKernel,
  convTranspose2dBackwardInputKernel,
  convTranspose2dBackwardWeightKernel,
  convTranspose2dForwardKernel,
} from './conv.kernels';
import { conv2dBackwardWeightBiasKernel } from './convWeightBias.kernels';
import { channelSumKernel } from './core.kernels';
import type { FusedActivation } from './matmul.kernels';

export interface ConvGeometryOptions {
  stride?: number;
  padding?: number;
}

export interface Conv2dOptions extends ConvGeometryOptions {
  /**
   * An activation fused into the forward kernel's store (the activation's own dispatch saved): y = act(conv + b).
   * leaky_relu needs a slope >= 0 (the backward reads the derivative from the sign of y).
   */
  activation?: 'relu' | 'leaky_relu';
  /** leaky_relu's negative slope (default the method's 0.2). */
  slope?: number;
}

/** The fused activation of conv2d's options, checked (null: none). */
function fusedActivation(options: Conv2dOptions): FusedActivation | null {
  if (!options.activation) return null;
  const slope = options.activation === 'leaky_relu' ? (options.slope ?? METHOD_LEAKY_SLOPE) : 0;
  if (!(Number.isFinite(slope) && slope >= 0))
    throw new Error(`conv2d: a fused leaky_relu needs a finite slope >= 0, got ${slope}.`);
  return { kind: options.activation, slope };
}

/** y = conv2d(x [N,CI,H,W], weight [CO,CI,KH,KW]) + bias [CO], then the fused activation if any. */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const g = { stride: options.stride ?? 1, pad: options.padding ?? 0 };
  const act = fusedActivation(options);
  const y = conv2dForwardKernel([x, weight], { ...g, bias, activation: act });
  const inputs = bias ? [x, weight, bias] : [x, weight];
  recordOp(act ? `conv2d_${act.kind}` : 'conv2d', inputs, y, ([gyOut], needs, into, addInto) => {
    // The activation's derivative, read from the sign of y (slope >= 0), turns dL/dy into dL/d(conv + b).
    const gy = act ? activationBackwardKernel([y, gyOut], act) : gyOut;
    const [n, co, oh, ow] = gy.shape;
    // x's gradient so far (x feeds another op too) is added to in place.
    const dx = needs[0]
      ? conv2dBackwardInputKernel([gy, weight], { ...g, inputShape: x.shape, addTo: addInto[0] })
      : null;
    let grads: (Tensor | null)[];
    if (bias && needs[1] && needs[2]) {
      // Both parameter gradients from one kernel: the bias is the weight GEMM's column for a constant-1 tap.
      const p = { ...g, weightShape: weight.shape, dwOut: into[1], dbOut: into[2] };
      const { dw, db } = conv2dBackwardWeightBiasKernel([gy, x], p);
      grads = [dx, dw, db];
    } else {
      // The weight's first gradient goes into its slot; a second one (the net run twice) is added in place.
      const out = into[1] ?? addInto[1];
      const weightParams = { ...g, weightShape: weight.shape, out, accumulate: !into[1] && !!addInto[1] };
      grads = [dx, needs[1] ? conv2dBackwardWeightKernel([gy, x], weightParams) : null];
      if (bias)
        grads.push(needs[2] ? channelSumKernel([gy], { outer: n, channels: co, inner: oh * ow, out: into[2] }) : null);
    }
    if (gy !== gyOut) gy.release();
    return grads;
  });
  return y;
}

export interface ConvTranspose2dOptions extends ConvGeometryOptions {
  outputPadding?: number;
}

/** y = conv_transpose2d(x [N,CI,H,W], weight [CI,CO,KH,KW]) + bias [CO]; OH = (H-1) s - 2p + KH + outputPadding. */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const g = { stride: options.stride ?? 1, pad: options.padding ?? 0, outputPadding: options.outputPadding ?? 0 };
  const y = convTranspose2dForwardKernel([x, weight], { ...g, bias });
  const inputs = bias ? [x, weight, bias] : [x, weight];
  recordOp('conv_transpose2d', inputs, y, ([gy], needs, into) => {
    const [n, co, oh, ow] = gy.shape;
    const grads: (Tensor | null)[] = [
      needs[0] ? convTranspose2dBackwardInputKernel([gy, weight], { ...g, inputShape: x.shape }) : null,
      needs[1] ? convTranspose2dBackwardWeightKernel([gy, x], { ...g, weightShape: weight.shape, out: into[1] }) : null,
    ];
    if (bias)
      grads.push(needs[2] ? channelSumKernel([gy], { outer: n, channels: co, inner: oh * ow, out: into[2] }) : null);
    return grads;
  });
  return y;
}
