/**
 * Step 2's pseudo samples (method-reference section 5): the input's canonical albedo relit by a random light and
 * warped through the canonical depth into a random view; the warp of an all-ones image is the pseudo mask (0 where
 * the warp leaves the image). No gradients: the samples are targets.
 * - Views: a Gaussian view prior, absolute in the canonical frame (not relative to the input's view). GAN2Shape
 *   samples it from MVN files of its release, which cannot be had; the issue tracker says they need not be
 *   accurate. Defaults (docs/METHOD.md): yaw sd 20 deg x view_scale 1.2, pitch sd 8 deg, roll sd 3 deg, no
 *   translation.
 * - Lights: direction normalize(x, y, 1) and a strength shift r, around the input's predicted (k_a, k_d):
 *   k_d' = k_d + r, k_a' = k_a - c r. Face: x ~ U(-1, 1), y ~ U(-0.2, 0.8), r ~ U(-0.1, 0.6), c = 0.6;
 *   synface: x ~ U(-0.9, 0.9), y ~ U(-0.3, 0.8), r ~ U(-0.1, 0.7), c = 0.4.
 */
import { tidy } from '../../engine/autograd/tidy';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import { canonicalTexture, clampImage, diffuseShading } from '../../render';
import { warpToViews } from '../../render/warpToViews';
import { DEFAULT_VIEW_PRIOR, type ViewPrior } from '../presets/methodSettings';
import type { PriorCategory } from '../prior/ellipsoid';

export interface LightRanges {
  x: [number, number];
  y: [number, number];
  strength: [number, number];
  ambientFactor: number;
}

export const FACE_LIGHTS: LightRanges = { x: [-1, 1], y: [-0.2, 0.8], strength: [-0.1, 0.6], ambientFactor: 0.6 };
export const SYNFACE_LIGHTS: LightRanges = {
  x: [-0.9, 0.9],
  y: [-0.3, 0.8],
  strength: [-0.1, 0.7],
  ambientFactor: 0.4,
};

export function lightRangesFor(category: PriorCategory): LightRanges {
  return category === 'synface' ? SYNFACE_LIGHTS : FACE_LIGHTS;
}

const DEG = Math.PI / 180;

/** B views (rx, ry, rz, tx, ty, tz) in radians / world units, flattened [B * 6]. */
export function sampleViews(random: Random, count: number, prior: ViewPrior = DEFAULT_VIEW_PRIOR): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const pitch = random.normal() * prior.pitchDegrees * DEG;
    const yaw = random.normal() * prior.yawDegrees * prior.yawScale * DEG;
    const roll = random.normal() * prior.rollDegrees * DEG;
    out.push(pitch, yaw, roll, 0, 0, 0);
  }
  return out;
}

/** B lights (k_a', k_d', l_x, l_y) around the input's (k_a, k_d), flattened [B * 4]. */
export function sampleLights(random: Random, count: number, base: { ka: number; kd: number }, r: LightRanges) {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = random.uniform(...r.x);
    const y = random.uniform(...r.y);
    const strength = random.uniform(...r.strength);
    out.push(base.ka - r.ambientFactor * strength, base.kd + strength, x, y);
  }
  return out;
}

/** The frozen canonical face the pseudo samples are made from (the last step-1 prediction). */
export interface CanonicalFace {
  /** [1, S, S] */
  depthMap: Tensor;
  /** [1, 3, S, S] */
  albedo: Tensor;
  /** [1, 3, S, S] */
  normals: Tensor;
  ka: number;
  kd: number;
}

export interface PseudoBatch {
  /** Pseudo images [B, 3, S, S] clamped to [-1, 1]. */
  images: Tensor;
  /** Pseudo masks [B, 1, S, S]. */
  masks: Tensor;
  /** The views [B * 6] and lights [B * 4] the samples were rendered in (step 3 may use them: knownPseudoPose). */
  views: readonly number[];
  lights: readonly number[];
}

/** Renders B pseudo samples for the given views [B * 6] and lights [B * 4]. Caller-owned results. */
export function renderPseudoSamples(face: CanonicalFace, views: readonly number[], lights: readonly number[]) {
  const backend = face.albedo.backend;
  const count = views.length / 6;
  return tidy((): PseudoBatch => {
    const light = backend.fromArray(lights, [count, 4]);
    const view = backend.fromArray(views, [count, 6]);
    const texture = canonicalTexture(face.albedo, diffuseShading(face.normals, light), light);
    const warped = warpToViews({ depth: face.depthMap, image: texture, view });
    return { images: clampImage(warped.image), masks: warped.mask, views, lights };
  });
}
