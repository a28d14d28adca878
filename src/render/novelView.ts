/**
 * Rotated and relit renders for exports and the GAN-free manipulation path (method reference section 8, the
 * "rendering path"): the canonical texture under a light, painted on the depth mesh as vertex colours and
 * rendered into views with the textured-mesh rasterizer (disocclusions show stretched triangles, empty samples
 * the background). No gradients.
 */
import { noGrad } from '../engine/autograd/grad-mode';
import type { Tensor } from '../engine/tensor';
import type { CameraParams } from './kernels/shading.kernels';
import { canonicalTexture, clampImage, diffuseShading, normalsFromDepth, renderTexturedMesh } from './ops';

export interface NovelViewInput {
  /** Canonical depth [1, H, W]. */
  depth: Tensor;
  /** Canonical albedo [1, 3, H, W] in [-1, 1]. */
  albedo: Tensor;
  /** Lights [L, 4] (k_a, k_d, l_x, l_y), L = 1 (shared) or the number of views. */
  light: Tensor;
  /** Views [V, 6]; repeat the input's view V times to relight without rotating. */
  view: Tensor;
}

export interface NovelViewOptions extends CameraParams {
  /** Background of empty samples (default 1, white in [-1, 1] images, as the reference renders). */
  background?: number;
}

/** Images [V, 3, H, W] clamped to [-1, 1] and coverage [V, 1, H, W]. */
export function renderNovelViews(
  x: NovelViewInput,
  options: NovelViewOptions = {},
): { image: Tensor; coverage: Tensor } {
  if (x.depth.shape[0] !== 1 || x.albedo.shape[0] !== 1) {
    throw new Error('renderNovelViews: depth and albedo must hold one canonical map (batch 1)');
  }
  return noGrad(() => {
    const normals = normalsFromDepth(x.depth, options);
    const diffuse = diffuseShading(normals, x.light);
    const texture = canonicalTexture(x.albedo, diffuse, x.light);
    const out = renderTexturedMesh(x.depth, texture, x.view, options);
    const image = clampImage(out.image);
    for (const t of [normals, diffuse, texture, out.image]) t.release();
    return { image, coverage: out.coverage };
  });
}
