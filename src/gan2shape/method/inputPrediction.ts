/**
 * The nets' predictions for the input image (GAN2Shape's forward_step1): canonical depth with its border, albedo,
 * view and light, and the reconstruction of the input from them, optionally with the flipped (symmetry) branch:
 * horizontally flipped depth and albedo rendered in the same view and light.
 */
import { tanh } from '../../engine/ops/activation';
import { add } from '../../engine/ops/elementwise';
import { concat, flipHorizontal, reshape } from '../../engine/ops/shape';
import type { Tensor } from '../../engine/tensor';
import { type ReconstructionOutput, reconstruct } from '../../render';
import type { MethodContext } from './context';
import { canonicalDepth, depthFromRaw } from './depth';
import { lightFromNet, viewFromNet } from './viewLight';

export interface InputPrediction {
  /** Canonical depth [1, 1, S, S] (border columns set). */
  depth: Tensor;
  albedo: Tensor;
  /** [1, 6] radians / world units. */
  view: Tensor;
  /** [1, 4] (k_a, k_d, l_x, l_y). */
  light: Tensor;
}

/** Runs the four nets on the input; records on the active tape for the nets that are not frozen. */
export function predictInput(ctx: MethodContext): InputPrediction {
  const { nets, image } = ctx;
  return {
    depth: canonicalDepth(nets.depth.forward(image), ctx.priorLogit),
    albedo: predictAlbedo(ctx),
    view: viewFromNet(nets.view.forward(image)),
    light: lightFromNet(nets.light.forward(image)),
  };
}

/** The canonical depth without its border [1, 1, S, S]: D(I), or with depthResidual a correction of the prior. */
export function predictDepthNoBorder(ctx: MethodContext): Tensor {
  return depthFromRaw(ctx.nets.depth.forward(ctx.image), ctx.priorLogit);
}

/** The canonical albedo [1, 3, S, S]: A(I), or with albedoResidual tanh(atanh(I) + A(I)). */
export function predictAlbedo(ctx: MethodContext): Tensor {
  const raw = ctx.nets.albedo.forward(ctx.image);
  return ctx.imageLogit ? tanh(add(raw, ctx.imageLogit)) : raw;
}

/** [B, 1, S, S] -> the renderer's [B, S, S]. */
export function depthMap(depth: Tensor): Tensor {
  const [b, , h, w] = depth.shape;
  return reshape(depth, [b, h, w]);
}

/**
 * The input rendered from a prediction: batch 1, or batch 2 with the flipped branch second (flip). Depth and
 * albedo are canonical maps [1, ...]; view and light [1, ...] are repeated for the flipped branch.
 */
export function renderInput(p: InputPrediction, flip: boolean): ReconstructionOutput {
  return reconstruct({ ...inputRenderBatch(p, flip), albedo: inputRenderAlbedo(p.albedo, flip) });
}

/**
 * renderInput's depth map, light and view (a step that freezes them renders its geometry once from these, and
 * only the albedo per iteration): depth [1 or 2, S, S] (the flipped depth second), light and view repeated.
 */
export function inputRenderBatch(
  p: Omit<InputPrediction, 'albedo'>,
  flip: boolean,
): { depth: Tensor; light: Tensor; view: Tensor } {
  if (!flip) return { depth: depthMap(p.depth), light: p.light, view: p.view };
  return { depth: depthMap(concat([p.depth, flipHorizontal(p.depth)], 0)), light: twice(p.light), view: twice(p.view) };
}

/** renderInput's albedo: [1, 3, S, S], or with flip [2, 3, S, S] with the flipped albedo second. */
export function inputRenderAlbedo(albedo: Tensor, flip: boolean): Tensor {
  return flip ? concat([albedo, flipHorizontal(albedo)], 0) : albedo;
}

/** [1, C] -> [2, C] (concat works on NCHW views). */
function twice(x: Tensor): Tensor {
  const c = x.shape[1];
  const v = reshape(x, [1, c, 1, 1]);
  return reshape(concat([v, v], 0), [2, c]);
}
