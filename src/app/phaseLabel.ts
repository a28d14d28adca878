/** How the page names a phase: STEP_LABELS, prefixed with its stage for the per-stage steps. */
import { STEP_LABELS, type StepKind } from '../gan2shape/runner/types';

export function phaseLabel(stage: number, step: StepKind): string {
  return stage > 0 ? `Stage ${stage} · ${STEP_LABELS[step]}` : STEP_LABELS[step];
}
