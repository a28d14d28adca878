/**
 * The differentiable renderer of GAN2Shape (docs/method-reference.md section 3) on the engine.
 * - reference/: float64 CPU implementation of every piece (the oracle, and the engine's cpu kernels).
 * - kernels/: engine kernel families (cpu = reference, webgpu = shaders/render/*.wgsl).
 * - ops.ts: autograd ops; reconstruct.ts: the batched (depth, albedo, light, view) -> image, mask entry point,
 *   and its two halves: reconstructGeometry (depth, light, view) and shadeAndWarp (the albedo through them);
 *   novelView.ts: forward-only rotated / relit mesh renders; warpToViews.ts: canonical image (+ mask) warped into
 *   views through the depth (step 2 pseudo samples).
 * Importing this module registers the renderer's kernels.
 */
export type { CameraParams } from './kernels/shading.kernels';
export { type NovelViewInput, type NovelViewOptions, renderNovelViews } from './novelView';
export {
  canonicalTexture,
  clampImage,
  diffuseShading,
  forwardWarpGrid,
  gridSample,
  gridSampleClamped,
  gridSampleNearest,
  inverseWarpGrid,
  normalsFromDepth,
  rasterizeDepth,
  renderTexturedMesh,
} from './ops';
export {
  type ReconstructionGeometry,
  type ReconstructionInput,
  type ReconstructionOutput,
  reconstruct,
  reconstructGeometry,
  shadeAndWarp,
} from './reconstruct';
export { DEFAULT_FOV_DEGREES, makeCamera, ROTATION_CENTER_DEPTH } from './reference/camera';
export { RASTER_FAR } from './reference/mesh';
export { DEPTH_CLAMP_MAX, DEPTH_CLAMP_MIN } from './reference/rasterize';
