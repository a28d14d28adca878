/**
 * Method settings that a preset may override but that are not part of the schedule: the view prior of the pseudo
 * samples and how the latent offset enters the mapping net. Defaults and their sources: docs/METHOD.md.
 */

export interface ViewPrior {
  yawDegrees: number;
  pitchDegrees: number;
  rollDegrees: number;
  /** Multiplies the yaw spread (GAN2Shape's view_scale: 1.2 for faces, cats, synface; 1 for cars, churches). */
  yawScale: number;
}

/** GAN2Shape's view MVN files cannot be had; these documented defaults replace them. */
export const DEFAULT_VIEW_PRIOR: ViewPrior = { yawDegrees: 20, pitchDegrees: 8, rollDegrees: 3, yawScale: 1.2 };

/** Linear layers of the mapping net the latent offset passes through (GAN2Shape face/cat: 3; synface: all). */
export const DEFAULT_OFFSET_LAYERS = 3;

export interface MethodSettings {
  viewPrior: ViewPrior;
  offsetLayers: number;
  /** Weight of mean(dw^2) in step 2 (GAN2Shape's lam_regular). */
  offsetRegularization: number;
}

export const DEFAULT_METHOD_SETTINGS: MethodSettings = {
  viewPrior: DEFAULT_VIEW_PRIOR,
  offsetLayers: DEFAULT_OFFSET_LAYERS,
  offsetRegularization: 0.01,
};
