/**
 * A testing aid: make a run blow up on purpose, the way a too-large step or a bad input does in the wild, so the
 * e2e and GPU tests can check that the run stops with its message and keeps its last good snapshot. Before the
 * chosen iteration of the chosen phase one weight of every net becomes NaN (whichever nets the phase runs); the NaN
 * then flows through the real forward pass into the losses and predictions. The app takes it from the page address (`?fault=step1:3`), the CLI never.
 */
import type { Backend } from '../../engine/backend';
import type { Module } from '../../engine/nn/module';
import type { StepKind } from '../runner/types';
import { STEP_LABELS } from '../runner/types';

export interface InjectedFault {
  step: StepKind;
  /** 0-based iteration of that phase (in every stage that runs it). */
  iteration: number;
}

/** `step:iteration`, e.g. `step3:4`; null for text that does not name a phase and an iteration. */
export function parseFault(text: string | null | undefined): InjectedFault | null {
  const m = /^([a-z0-9]+):(\d+)$/.exec(text?.trim() ?? '');
  if (!m || !Object.hasOwn(STEP_LABELS, m[1])) return null;
  return { step: m[1] as StepKind, iteration: Number(m[2]) };
}

/**
 * Sets the first weight of the net's last parameter tensor to NaN (the others keep their values). The last one,
 * because it lies after the last activation: GPUs may drop a NaN in max() or clamp() (WGSL leaves that to the
 * implementation; SwiftShader's LReLU does), which a NaN in the first layer's weights would not survive.
 */
export async function poisonWeights(backend: Backend, net: Module): Promise<void> {
  const first = net.parameters().at(-1)!;
  const values = Float32Array.from(await first.read());
  values[0] = Number.NaN;
  const poisoned = backend.fromArray(values, first.shape);
  backend.copyInto(first, poisoned);
  poisoned.release();
}
