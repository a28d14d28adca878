/**
 * What every step of the method works on: the input on the device, the nets (carried across steps and stages,
 * as GAN2Shape carries its weights), the GAN, and the state one step hands to the next (the input's latent and
 * GAN image from the inversion, the projected samples step 2 collects for step 3). Owned by MethodRunner.
 */
import type { Backend } from '../../engine/backend';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import type { MethodGan } from '../gan/methodGan';
import type { EDDeconv } from '../nets/edDeconv';
import type { Encoder } from '../nets/encoder';
import type { ResEncoder } from '../nets/resEncoder';
import type { ResolvedPreset } from '../presets/presets';
import type { RunInput } from '../runner/input';
import type { Phase, Snapshot } from '../runner/types';
import type { PerceptualLoss } from './perceptual';
import type { ProjectedSamples } from './projectedSamples';
import type { LossReading, LossReadings } from './steps/trainIteration';

export interface MethodNets {
  depth: EDDeconv;
  albedo: EDDeconv;
  view: Encoder;
  light: Encoder;
  /** The latent-offset encoder E; null without a GAN. */
  latent: ResEncoder | null;
}

/** The input's place on the GAN's image manifold. */
export interface InputLatent {
  /** w [1, D] (one w for every style input), frozen. */
  w: Tensor;
  /** I_gan = clamp(G(w)) at the method's size [1, 3, S, S]. */
  ganImage: Tensor;
  /** PSNR of I_gan against the input, dB (images in [-1, 1], peak-to-peak 2). */
  psnr: number;
}

export interface MethodContext {
  backend: Backend;
  input: RunInput;
  preset: ResolvedPreset;
  /** The method's image size S. */
  size: number;
  /** The input [1,3,S,S] in [-1,1]. */
  image: Tensor;
  /**
   * atanh of the input (clamped to +-0.98): with the preset's albedoResidual the albedo is tanh(this + A(I)), so an
   * untrained A already gives the input as albedo. Null otherwise.
   */
  imageLogit: Tensor | null;
  /** The prior's depth logit [1, 1, S, S] (depth.ts depthLogit) with the preset's depthResidual; null otherwise. */
  priorLogit: Tensor | null;
  nets: MethodNets;
  /** The GAN (generator + discriminator on the engine); null: only the prior fit can run. */
  gan: MethodGan | null;
  /** The GAN's perceptual loss (null without a GAN). */
  perceptual: PerceptualLoss | null;
  /** Pseudo-sample draws and shuffles (seeded: a run is reproducible). */
  random: Random;
  /** Set by the inversion phase, or at start for an input sampled from the model (it carries its w). */
  latent: InputLatent | null;
  /** Set by the collect phase, consumed by step 3. */
  projected: ProjectedSamples | null;
  /** The loss reading in flight between two iterations (steps/trainIteration.ts). */
  readings: LossReadings;
}

/** One step kind's implementation; a fresh optimizer per begin() (GAN2Shape resets Adam's moments per step). */
export interface MethodStep {
  begin(phase: Phase): void | Promise<void>;
  /** The loss reading that arrived during this iteration (taken at it or at an earlier one), if any. */
  iterate(phase: Phase, iteration: number): Promise<LossReading | undefined>;
  snapshot(phase: Phase, iteration: number): Promise<Snapshot>;
  /** Hands the phase's result on when the phase completed (not when a run is cancelled mid-phase). */
  finish?(): Promise<void>;
  /** Frees what begin() allocated; the step may begin again in a later stage. */
  end(): void;
}
