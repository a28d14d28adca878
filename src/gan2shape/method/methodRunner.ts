/**
 * The method's steps as a PhaseRunner for Run. It owns the input on the device and the nets, which carry over
 * from step to step and stage to stage as in GAN2Shape, and hands each phase to its step: the prior fit
 * (PriorStep) and step 1, the albedo fit (AlbedoStep). Steps 2 and 3 plug in here as further MethodSteps.
 */
import type { Backend } from '../../engine/backend';
import { Random } from '../../engine/random';
import { EDDeconv } from '../nets/edDeconv';
import type { Preset } from '../presets/presets';
import type { RunInput } from '../runner/input';
import type { PhaseRunner } from '../runner/run';
import type { Phase, Snapshot, StepKind } from '../runner/types';
import type { PerceptualLoss } from './perceptual';
import { AlbedoStep } from './steps/albedoStep';
import type { MethodContext, MethodStep } from './steps/context';
import { PriorStep } from './steps/priorStep';

export interface MethodRunnerOptions {
  seed?: number;
  /** The GAN's perceptual loss; without it only the prior phase is available. */
  perceptual?: PerceptualLoss | null;
}

export class MethodRunner implements PhaseRunner {
  private readonly ctx: MethodContext;
  private readonly steps: Partial<Record<StepKind, MethodStep>>;
  private active: MethodStep | null = null;

  constructor(backend: Backend, input: RunInput, preset: Preset, options: MethodRunnerOptions = {}) {
    const S = input.size;
    const random = new Random(options.seed ?? 0);
    const net = (outChannels: number, outputActivation: 'tanh' | 'none') =>
      new EDDeconv(backend, random, { imageSize: S, outChannels, nf: preset.netWidth, outputActivation });
    this.ctx = {
      backend,
      input,
      preset,
      image: backend.fromArray(input.image, [1, 3, S, S]),
      depthNet: net(1, 'none'),
      albedoNet: net(3, 'tanh'),
      perceptual: options.perceptual ?? null,
    };
    this.steps = { prior: new PriorStep(this.ctx) };
    if (this.ctx.perceptual) this.steps.step1 = new AlbedoStep(this.ctx);
  }

  get depthNet(): EDDeconv {
    return this.ctx.depthNet;
  }

  get albedoNet(): EDDeconv {
    return this.ctx.albedoNet;
  }

  supports(step: StepKind): boolean {
    return this.steps[step] !== undefined;
  }

  private stepFor(phase: Phase): MethodStep {
    const step = this.steps[phase.step];
    if (!step) {
      const why = phase.step === 'step1' ? ' (it needs a GAN model; none is loaded)' : '';
      throw new Error(`The ${phase.step} phase is not available in this build${why}.`);
    }
    return step;
  }

  begin(phase: Phase): void {
    this.active?.end();
    this.active = this.stepFor(phase);
    this.active.begin(phase);
  }

  iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    return this.stepFor(phase).iterate(phase, iteration);
  }

  end(): void {
    this.active?.end();
    this.active = null;
  }

  snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return this.stepFor(phase).snapshot(phase, iteration);
  }

  release(): void {
    this.end();
    this.ctx.image.release();
    this.ctx.depthNet.release();
    this.ctx.albedoNet.release();
  }
}
