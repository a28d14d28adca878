/**
 * The two ways GAN2Shape manipulates a result (method-reference section 8): the 3D path re-renders the recovered
 * mesh with the engine's renderer; the GAN path renders the new view/light and projects it onto the GAN's image
 * manifold with the latent-offset encoder E and the generator. The GAN path exists once a run has trained E
 * (step 2); until then the UI offers it disabled with the reason.
 */
export type ManipulationPath = 'mesh' | 'gan';

export interface PathOption {
  path: ManipulationPath;
  label: string;
  available: boolean;
  /** Why it cannot be chosen (when not available). */
  reason?: string;
}

export function manipulationPaths(hasTrainedEncoder: boolean): PathOption[] {
  return [
    { path: 'mesh', label: '3D mesh', available: true },
    hasTrainedEncoder
      ? { path: 'gan', label: 'GAN', available: true }
      : {
          path: 'gan',
          label: 'GAN',
          available: false,
          reason: 'The GAN path needs the latent-offset encoder that step 2 of a run trains.',
        },
  ];
}
