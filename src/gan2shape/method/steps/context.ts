/**
 * What every step of the method works on: the input on the device, the nets (carried across steps and stages,
 * as GAN2Shape carries its weights) and the perceptual loss. Owned by MethodRunner.
 */
import type { Backend } from '../../../engine/backend';
import type { Tensor } from '../../../engine/tensor';
import type { EDDeconv } from '../../nets/edDeconv';
import type { Preset } from '../../presets/presets';
import type { RunInput } from '../../runner/input';
import type { Phase, Snapshot } from '../../runner/types';
import type { PerceptualLoss } from '../perceptual';

export interface MethodContext {
  backend: Backend;
  input: RunInput;
  preset: Preset;
  /** The input [1,3,S,S] in [-1,1]. */
  image: Tensor;
  depthNet: EDDeconv;
  albedoNet: EDDeconv;
  /** Null when no GAN is loaded: the steps that need it are then unavailable. */
  perceptual: PerceptualLoss | null;
}

/** One step kind's implementation; a fresh optimizer per begin() (GAN2Shape resets Adam's moments per step). */
export interface MethodStep {
  begin(phase: Phase): void;
  iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined>;
  snapshot(phase: Phase, iteration: number): Promise<Snapshot>;
  /** Frees what begin() allocated; the step may begin again in a later stage. */
  end(): void;
}
