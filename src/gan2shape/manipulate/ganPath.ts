/**
 * The GAN manipulation path (method-reference section 8, `gan_rotate` / `gan_relight`): the canonical albedo,
 * relit by the manipulation's light, is warped through the canonical depth into the new view (step 2's pseudo
 * samples: the same renderPseudoSamples), then projected onto the GAN's image manifold with the run's latent-offset
 * encoder E and the generator: G(w + F(h0 + E(I') - E(I_gan)) - F(h0)) (latentProjection.ts). The warp leaves
 * holes where the new view sees what the input did not; G fills them with a plausible face. Forward only.
 */
import { tidy } from '../../engine/autograd/tidy';
import type { Tensor } from '../../engine/tensor';
import { normalsFromDepth } from '../../render';
import type { MethodGan } from '../gan/methodGan';
import type { InputLatent } from '../method/context';
import { LatentProjector } from '../method/latentProjection';
import { renderPseudoSamples } from '../method/pseudoSamples';
import type { ResEncoder } from '../nets/resEncoder';
import { type Manipulation, manipulationView } from './meshPath';

/** What a run leaves for the GAN path (MethodRunner.ganPathModel): alive until the runner is released. */
export interface GanPathModel {
  gan: MethodGan;
  /** E as step 2 left it. */
  encoder: ResEncoder;
  /** The input's w and I_gan. */
  latent: InputLatent;
  /** The method's image size S. */
  size: number;
  /** The mapping split E's offsets go through (offsetLayersFor). */
  offsetLayers: number;
}

export interface GanPathRender {
  /** G(w + dw): CHW [-1, 1] at S. */
  image: Float32Array;
  /** The relit, warped canonical image E saw (CHW [-1, 1]; holes are black). */
  warped: Float32Array;
}

/** The manipulation's light as the renderer's (k_a, k_d, l_x, l_y). */
export function manipulationLight(m: Manipulation): number[] {
  return [m.ambient, m.diffuse, m.lightX, m.lightY];
}

/**
 * Renders the GAN path for one view [6] (rx, ry, rz, tx, ty, tz) and light [4] from the canonical depth [S*S] and
 * albedo (CHW [-1, 1]) a snapshot carries.
 */
export async function renderGanView(
  model: GanPathModel,
  depth: Float32Array,
  albedo: Float32Array,
  view: readonly number[],
  light: readonly number[],
): Promise<GanPathRender> {
  const { gan, size: S } = model;
  const backend = gan.backend;
  const projector = new LatentProjector(gan, model.encoder, model.latent, S, model.offsetLayers);
  let out: Tensor[];
  try {
    out = tidy(() => {
      const depthMap = backend.fromArray(depth, [1, S, S]);
      const face = {
        depthMap,
        albedo: backend.fromArray(albedo, [1, 3, S, S]),
        normals: normalsFromDepth(depthMap),
        // renderPseudoSamples takes the light as given; k_a / k_d are only its sampler's base.
        ka: light[0],
        kd: light[1],
      };
      const warped = renderPseudoSamples(face, view, light);
      return [projector.project(warped.images).image, warped.images];
    });
  } finally {
    projector.release();
  }
  try {
    const [image, warped] = (await backend.readAll(out)).map((v) => Float32Array.from(v));
    return { image, warped };
  } finally {
    for (const t of out) t.release();
  }
}

/** renderGanView for a slider state: yaw/pitch absolute in the canonical frame, the sliders' light. */
export function renderGanManipulated(
  model: GanPathModel,
  depth: Float32Array,
  albedo: Float32Array,
  m: Manipulation,
): Promise<GanPathRender> {
  return renderGanView(model, depth, albedo, manipulationView(m), manipulationLight(m));
}
