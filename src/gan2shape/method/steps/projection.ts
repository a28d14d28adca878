/**
 * What step 2 and the collect phase share: the frozen canonical face of the last step-1 state (depth, albedo,
 * normals, the input's k_a and k_d), the latent projector, and pseudo-sample batches drawn from the view prior
 * and the light ranges of the input's category.
 */
import { tidy } from '../../../engine/autograd/tidy';
import { resizeBilinear } from '../../../engine/ops/resize';
import type { Tensor } from '../../../engine/tensor';
import { normalsFromDepth } from '../../../render';
import type { MethodGan } from '../../gan/methodGan';
import type { PseudoSampleSnapshot } from '../../runner/types';
import type { MethodContext } from '../context';
import { depthMap, predictInput } from '../inputPrediction';
import { LatentProjector, offsetLayersFor } from '../latentProjection';
import {
  type CanonicalFace,
  lightRangesFor,
  type PseudoBatch,
  renderPseudoSamples,
  sampleLights,
  sampleViews,
} from '../pseudoSamples';

export interface ProjectionSetup {
  gan: MethodGan;
  face: CanonicalFace;
  projector: LatentProjector;
  release(): void;
}

export async function prepareProjection(ctx: MethodContext, what: string): Promise<ProjectionSetup> {
  const { gan, latent, nets } = ctx;
  if (!gan || !nets.latent) throw new Error(`${what} needs a GAN model; none is loaded.`);
  if (!latent) throw new Error(`${what} needs the input's latent: run the inversion first.`);
  const maps = tidy(() => {
    const p = predictInput(ctx);
    const map = depthMap(p.depth);
    return { depthMap: map, albedo: p.albedo, normals: normalsFromDepth(map), light: p.light };
  });
  const [ka, kd] = await maps.light.read();
  maps.light.release();
  const face: CanonicalFace = { depthMap: maps.depthMap, albedo: maps.albedo, normals: maps.normals, ka, kd };
  const projector = new LatentProjector(gan, nets.latent, latent, ctx.size, offsetLayersFor(ctx.preset, gan));
  return {
    gan,
    face,
    projector,
    release() {
      projector.release();
      face.depthMap.release();
      face.albedo.release();
      face.normals.release();
    },
  };
}

/** A batch of `count` pseudo samples in random views and lights (caller-owned). */
export function drawPseudoBatch(ctx: MethodContext, face: CanonicalFace, count: number): PseudoBatch {
  const views = sampleViews(ctx.random, count, ctx.preset.viewPrior);
  const lights = sampleLights(ctx.random, count, face, lightRangesFor(ctx.input.category));
  return renderPseudoSamples(face, views, lights);
}

/** Images (and masks) at the GAN's size for its discriminator (bilinear when the method's size differs). */
export function toGanSize(gan: MethodGan, x: Tensor): Tensor {
  return x.shape[2] === gan.size ? x : resizeBilinear(x, gan.size, gan.size);
}

/** Reads a pseudo batch and its projections for a snapshot (the tensors stay the caller's). */
export async function pseudoSnapshot(batch: PseudoBatch, projections: Tensor): Promise<PseudoSampleSnapshot> {
  const [images, masks, projected] = await batch.images.backend.readAll([batch.images, batch.masks, projections]);
  return {
    count: batch.images.shape[0],
    images: Float32Array.from(images),
    projections: Float32Array.from(projected),
    masks: Float32Array.from(masks),
  };
}
