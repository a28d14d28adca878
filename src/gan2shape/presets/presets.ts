/**
 * Run presets. `paper` is GAN2Shape's face schedule (method-reference section 5, celeba/cat: 4 stages, stage 1
 * 600/600/400 iterations of steps 1/2/3, later stages 200/500/300, batch 16, 100 collect batches, flip in step 3
 * of stage 1 only, the paper's net widths, Adam lr 1e-4) in this project's regime: every image starts from the
 * ellipsoid prior (1000 steps) and from its own GAN inversion (1000 projector steps); docs/METHOD.md sets it
 * against the spec's table. The smaller presets keep the schedule's shape with fewer iterations and narrower nets:
 * `preview` (a minute or two on a laptop GPU), `cpu` (about a quarter of an hour for a 64 px face on a software adapter),
 * `test` (seconds: checks that every phase runs). The image size follows the model unless a preset fixes it.
 */
import { paperWidth } from '../nets/sizes';
import type { Phase } from '../runner/types';
import { DEFAULT_METHOD_SETTINGS, type MethodSettings } from './methodSettings';

export type PresetName = 'test' | 'cpu' | 'preview' | 'paper';

export interface Preset {
  name: PresetName;
  label: string;
  description: string;
  /** The method's image size in px; null: the model's size (64 px for synface-64, 128 px for a 128 px bundle). */
  imageSize: number | null;
  /** Net widths as a fraction of the paper's (D, A, V, L: max(4096 / S, 16); E: 32). */
  widthScale: number;
  /** Adam steps of the input's GAN inversion (skipped for an input that carries its w). */
  inversionIterations: number;
  /** Iterations fitting the depth net to the ellipsoid prior (the paper: 1000). */
  priorIterations: number;
  /** Adam learning rate of the prior fit (the paper: 1e-4). */
  priorLearningRate: number;
  /**
   * Also fit the albedo net to the input image during the prior phase (a deviation, docs/METHOD.md: GAN2Shape's
   * face runs start A from pretrained weights; in the ellipsoid regime a random A needs hundreds of step-1
   * iterations before the pseudo samples look like a face).
   */
  albedoPrior: boolean;
  /**
   * The albedo net predicts a correction of the input instead of the albedo itself: albedo = tanh(atanh(I) + A(I)),
   * A's last conv starting at zero (a deviation for short schedules, docs/METHOD.md). Default false.
   */
  albedoResidual?: boolean;
  /**
   * The depth net predicts a correction of the ellipsoid prior instead of the depth itself (depth.ts): the first
   * depth is the prior, D's last conv starting at zero (a deviation for short schedules, docs/METHOD.md). Default
   * false (the paper: D fitted to the prior in the prior phase).
   */
  depthResidual?: boolean;
  /**
   * Step 3 renders each projected sample in the view and light its pseudo sample was drawn with, instead of V's and
   * L's predictions, and trains V and L to predict them (mse): a deviation for schedules too short for random V and
   * L to learn the samples' poses (docs/METHOD.md). Default false (the paper: V(Ĩ) and L(Ĩ)).
   */
  knownPseudoPose?: boolean;
  /**
   * Adam steps on each collected sample's own w after E's projection, toward its pseudo sample (masked L1): a
   * deviation for schedules whose step 2 is too short for E to follow the samples' pose (docs/METHOD.md,
   * src/gan2shape/method/steps/refineProjection.ts). Default 0 (the paper: E's projection alone).
   */
  collectRefineSteps?: number;
  stages: number;
  /** [step1, step2, step3] iterations of stage 1 and of later stages. */
  firstStage: [number, number, number];
  laterStages: [number, number, number];
  /** Pseudo samples per step-2 / collect iteration and projected samples per step-3 iteration. */
  batchSize: number;
  /** No-grad batches of projected samples collected after each step 2. */
  collectBatches: number;
  /** Flipped (symmetry) branch in step 1 / step 3, per stage (the last entry repeats). */
  flip1: boolean[];
  flip3: boolean[];
  /** Adam learning rate of steps 1 and 3 (the paper: 1e-4 everywhere). */
  learningRate: number;
  /** Adam learning rate of step 2's latent-offset encoder E (the paper: 1e-4). */
  encoderLearningRate: number;
  /**
   * The albedo net's width as a fraction of the paper's (default widthScale): its 1x1 bottleneck holds the whole
   * image, so a narrow A can only give a blurred albedo, and blurred pseudo samples are what E cannot project.
   */
  albedoWidthScale?: number;
  /** E's width as a fraction of the paper's 32 (E is the step most sensitive to width; default widthScale). */
  latentEncoderWidthScale?: number;
  snapshotEvery: number;
  /** Overrides of the method's settings (view prior, latent-offset layers, offset regularization). */
  method?: Partial<MethodSettings>;
}

export const PRESETS: Record<PresetName, Preset> = {
  test: {
    name: 'test',
    label: 'Test',
    description: 'A few iterations of every phase at 32 px with tiny nets: checks that everything runs.',
    imageSize: 32,
    widthScale: 1 / 16,
    inversionIterations: 3,
    // The suite runs this preset a dozen times (SwiftShader): each iteration counts. 10 prior steps at 3e-3 still
    // lower the prior loss; the flip branch runs in step 1 (one image) rather than step 3 (the input and the
    // samples: twice the D-feature work of the most expensive phase).
    priorIterations: 10,
    priorLearningRate: 3e-3,
    albedoPrior: true,
    stages: 1,
    firstStage: [2, 2, 2],
    laterStages: [2, 2, 2],
    batchSize: 2,
    collectBatches: 1,
    flip1: [true],
    flip3: [false],
    learningRate: 1e-4,
    encoderLearningRate: 1e-4,
    snapshotEvery: 10,
  },
  cpu: {
    name: 'cpu',
    label: 'CPU',
    description:
      'Scores a 64 px face in about a quarter of an hour on a software adapter: narrow nets, one stage, short steps.',
    imageSize: null,
    widthScale: 1 / 8,
    albedoWidthScale: 1 / 4,
    latentEncoderWidthScale: 1 / 2,
    inversionIterations: 20,
    priorIterations: 60,
    priorLearningRate: 3e-3,
    albedoPrior: true,
    // Short-schedule deviations (docs/METHOD.md), each measured on the tuning images (docs/EVALUATION.md): D and A
    // start at the prior and the input, step 3 renders the samples in their drawn pose, the collected projections
    // take a few w steps toward their pseudo samples.
    depthResidual: true,
    albedoResidual: true,
    knownPseudoPose: true,
    collectRefineSteps: 8,
    stages: 1,
    firstStage: [25, 10, 30],
    laterStages: [20, 20, 30],
    batchSize: 2,
    collectBatches: 4,
    flip1: [false],
    flip3: [false],
    learningRate: 1e-4,
    encoderLearningRate: 1e-3,
    snapshotEvery: 10,
  },
  preview: {
    name: 'preview',
    label: 'Preview',
    description: 'A minute or two on a laptop GPU: half-width nets, two stages, shortened schedule.',
    imageSize: null,
    widthScale: 1 / 2,
    inversionIterations: 200,
    priorIterations: 300,
    priorLearningRate: 3e-4,
    albedoPrior: true,
    stages: 2,
    firstStage: [150, 150, 100],
    laterStages: [60, 120, 80],
    batchSize: 8,
    collectBatches: 20,
    flip1: [false],
    flip3: [true, false],
    learningRate: 2e-4,
    encoderLearningRate: 3e-4,
    snapshotEvery: 25,
  },
  paper: {
    name: 'paper',
    label: 'Paper',
    description: "The paper's schedule: 4 stages, 1000 prior steps, batch 16 (long: tens of minutes on a fast GPU).",
    imageSize: null,
    widthScale: 1,
    inversionIterations: 1000,
    priorIterations: 1000,
    priorLearningRate: 1e-4,
    albedoPrior: true,
    stages: 4,
    firstStage: [600, 600, 400],
    laterStages: [200, 500, 300],
    batchSize: 16,
    collectBatches: 100,
    flip1: [false],
    flip3: [true, false],
    learningRate: 1e-4,
    encoderLearningRate: 1e-4,
    snapshotEvery: 50,
  },
};

/** A preset with the sizes that depend on the model resolved. */
export interface ResolvedPreset extends Preset, MethodSettings {
  imageSize: number;
  /** Base width of the depth and albedo nets (EDDeconv). */
  netWidth: number;
  albedoWidth: number;
  /** Base width of the view and light nets (Encoder). */
  encoderWidth: number;
  /** Base width of the latent-offset encoder E (ResEncoder). */
  latentEncoderWidth: number;
}

/** GAN2Shape's E width at every size. */
export const PAPER_LATENT_ENCODER_WIDTH = 32;

/** Widths scale with the preset, rounded to a multiple of 4 (GroupNorm uses C/4 groups), at least 4. */
function scaledWidth(paper: number, scale: number): number {
  return Math.max(4, Math.round((paper * scale) / 4) * 4);
}

/** Fixes the image size (the preset's, else the model's, else 64) and the nets' widths. */
export function resolvePreset(preset: Preset, modelSize: number | null): ResolvedPreset {
  const imageSize = preset.imageSize ?? modelSize ?? 64;
  return {
    ...preset,
    ...DEFAULT_METHOD_SETTINGS,
    ...preset.method,
    imageSize,
    netWidth: scaledWidth(paperWidth(imageSize), preset.widthScale),
    albedoWidth: scaledWidth(paperWidth(imageSize), preset.albedoWidthScale ?? preset.widthScale),
    encoderWidth: scaledWidth(paperWidth(imageSize), preset.widthScale),
    latentEncoderWidth: scaledWidth(PAPER_LATENT_ENCODER_WIDTH, preset.latentEncoderWidthScale ?? preset.widthScale),
  };
}

/** The per-stage flag of a per-stage list (stage counts from 1; the last entry repeats). */
export function stageFlag(flags: readonly boolean[], stage: number): boolean {
  return flags[Math.min(stage, flags.length) - 1] ?? false;
}

export interface ScheduleOptions {
  /** Invert the input into the GAN first (false when the input carries its w, or without a model). */
  inversion?: boolean;
  /** Which steps of every stage run (default all; without a model none can). */
  steps?: readonly ('step1' | 'step2' | 'step3')[];
}

/**
 * The full schedule: [inversion], the prior fit, then per stage step 1, step 2, the collect phase (the step-3
 * targets) and step 3.
 */
export function schedule(preset: Preset, options: ScheduleOptions = {}): Phase[] {
  const steps = options.steps ?? ['step1', 'step2', 'step3'];
  const phases: Phase[] = [];
  if (options.inversion) phases.push({ stage: 0, step: 'inversion', iterations: preset.inversionIterations });
  phases.push({ stage: 0, step: 'prior', iterations: preset.priorIterations });
  for (let stage = 1; stage <= preset.stages; stage++) {
    const counts = stage === 1 ? preset.firstStage : preset.laterStages;
    if (steps.includes('step1')) phases.push({ stage, step: 'step1', iterations: counts[0] });
    if (steps.includes('step2')) {
      phases.push({ stage, step: 'step2', iterations: counts[1] });
      phases.push({ stage, step: 'collect', iterations: preset.collectBatches });
    }
    if (steps.includes('step3')) phases.push({ stage, step: 'step3', iterations: counts[2] });
  }
  return phases.filter((p) => p.iterations > 0).map((p) => ({ ...p, cost: iterationCost(preset, p) }));
}

/**
 * Relative cost of one iteration, in units of one image through the GAN (G or D) forward and backward: measured
 * proportions on the engine (docs/PERFORMANCE.md, bench:method), good enough for an ETA before a phase has run.
 */
export function iterationCost(preset: Preset, phase: Phase): number {
  const b = preset.batchSize;
  const flip = (flags: boolean[]) => (stageFlag(flags, phase.stage) ? 2 : 1);
  switch (phase.step) {
    case 'inversion':
      return 1;
    case 'prior':
      return 0.2;
    case 'step1':
      return 0.3 + 0.4 * flip(preset.flip1);
    case 'step2':
      return 1.2 * b;
    case 'collect':
      return 0.35 * b;
    case 'step3':
      return 0.3 + 0.6 * flip(preset.flip3) * (1 + b);
  }
}
