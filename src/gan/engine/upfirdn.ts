/**
 * upfirdn2d on the engine: StyleGAN2's FIR filter with zero-insertion upsampling and decimation, exactly
 * rosinality's upfirdn2d_native for NCHW x (docs/MODEL_BUNDLE.md "The maths the engine must reproduce").
 * Differentiable w.r.t. x; the kernel is a constant (the blur taps), so a kernel that requires grad is refused.
 */
import { recordOp } from '../../engine/autograd/tape';
import type { Backend } from '../../engine/backend';
import type { Tensor } from '../../engine/tensor';
import type { BundleConfig } from '../bundle/manifest';
import { upfirdnBackwardKernel, upfirdnForwardKernel } from './ops/upfirdn.kernels';
import type { UpfirdnOptions } from './ops/upfirdn.reference';

export type { UpfirdnOptions } from './ops/upfirdn.reference';

/** y = upfirdn2d(x [N,C,H,W], kernel [kH,kW], up, down, pad = (before, after) on both axes). */
export function upfirdn2d(x: Tensor, kernel: Tensor, opts: UpfirdnOptions): Tensor {
  if (kernel.requiresGrad)
    throw new Error(`upfirdn2d: the kernel ${kernel} must be a constant (requiresGrad false); it gets no gradient.`);
  const options: UpfirdnOptions = { up: opts.up, down: opts.down, pad: [opts.pad[0], opts.pad[1]] };
  const y = upfirdnForwardKernel([x, kernel], options);
  recordOp('upfirdn2d', [x, kernel], y, ([gy], needs) => [
    needs[0] ? upfirdnBackwardKernel([gy, kernel], { ...options, inputShape: x.shape }) : null,
    null,
  ]);
  return y;
}

/**
 * The 2-D blur kernel `config.blur_kernel_2d` (normalized, sum 1) times `scale`: the manifest's `kernel_scale` of
 * the filter use (4 for the generator's 2x upsampling uses, 1 for the discriminator's blurs). Caller-owned.
 */
export function blurKernel(backend: Backend, config: BundleConfig, scale: number): Tensor {
  if (!Number.isFinite(scale)) throw new Error(`blurKernel: scale must be finite, got ${scale}.`);
  const rows = config.blur_kernel_2d;
  const size = rows.length;
  if (size === 0 || rows.some((row) => row.length !== size))
    throw new Error(`blurKernel: config.blur_kernel_2d must be a non-empty square table, got ${rows.length} rows.`);
  const taps = rows.flat().map((v) => v * scale);
  return backend.fromArray(taps, [size, size]).keep();
}
