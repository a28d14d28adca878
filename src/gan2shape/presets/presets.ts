/**
 * Run presets: the paper's schedule and two smaller ones. Iteration counts follow method-reference section 5
 * (celeba/cat: stage 1 600/600/400, later stages 200/500/300, batch 16, collect 100 batches); image size and
 * widths are settable so a tiny preset runs in seconds even on a software adapter.
 */
import type { Phase } from '../runner/types';

export type PresetName = 'test' | 'preview' | 'paper';

export interface Preset {
  name: PresetName;
  label: string;
  description: string;
  imageSize: number;
  /** Base width of the depth/albedo nets (the paper: max(4096 / S, 16)). */
  netWidth: number;
  /** Iterations fitting the depth net to the ellipsoid prior (the paper: 1000). */
  priorIterations: number;
  stages: number;
  /** [step1, step2, step3] iterations of stage 1 and of later stages. */
  firstStage: [number, number, number];
  laterStages: [number, number, number];
  batchSize: number;
  collectBatches: number;
  snapshotEvery: number;
}

export const PRESETS: Record<PresetName, Preset> = {
  test: {
    name: 'test',
    label: 'Test',
    description: 'A few iterations at 32 px with tiny nets: checks that everything runs.',
    imageSize: 32,
    netWidth: 8,
    priorIterations: 30,
    stages: 1,
    firstStage: [10, 2, 2],
    laterStages: [2, 2, 2],
    batchSize: 2,
    collectBatches: 1,
    snapshotEvery: 10,
  },
  preview: {
    name: 'preview',
    label: 'Preview',
    description: 'A minute or two on a laptop GPU: 64 px, half-width nets, shortened schedule.',
    imageSize: 64,
    netWidth: 32,
    priorIterations: 300,
    stages: 2,
    firstStage: [150, 150, 100],
    laterStages: [60, 120, 80],
    batchSize: 8,
    collectBatches: 20,
    snapshotEvery: 25,
  },
  paper: {
    name: 'paper',
    label: 'Paper',
    description: "The paper's schedule: 4 stages, 1000 prior steps, batch 16 (long: tens of minutes on a fast GPU).",
    imageSize: 64,
    netWidth: 64,
    priorIterations: 1000,
    stages: 4,
    firstStage: [600, 600, 400],
    laterStages: [200, 500, 300],
    batchSize: 16,
    collectBatches: 100,
    snapshotEvery: 50,
  },
};

/** The full schedule of a preset: the prior fit, then step 1/2/3 of every stage. */
export function schedule(
  preset: Preset,
  steps: readonly ('step1' | 'step2' | 'step3')[] = ['step1', 'step2', 'step3'],
): Phase[] {
  const phases: Phase[] = [{ stage: 0, step: 'prior', iterations: preset.priorIterations }];
  for (let stage = 1; stage <= preset.stages; stage++) {
    const counts = stage === 1 ? preset.firstStage : preset.laterStages;
    const all = [
      { stage, step: 'step1' as const, iterations: counts[0] },
      { stage, step: 'step2' as const, iterations: counts[1] },
      { stage, step: 'step3' as const, iterations: counts[2] },
    ];
    phases.push(...all.filter((p) => steps.includes(p.step)));
  }
  return phases;
}
