/**
 * The method's steps as a PhaseRunner for Run. It owns the input on the device, the nets (which carry over from
 * step to step and stage to stage as in GAN2Shape) and the state the steps hand on (the input's latent, the
 * projected samples), and hands each phase to its step: inversion, the prior fit, step 1 (albedo), step 2
 * (latent-offset encoder), collect (projected samples) and step 3 (joint training).
 */
import type { Backend } from '../../engine/backend';
import { countNonFinite } from '../../engine/ops/check';
import { Random } from '../../engine/random';
import type { MethodGan } from '../gan/methodGan';
import type { GanPathModel } from '../manipulate/ganPath';
import { EDDeconv } from '../nets/edDeconv';
import { Encoder, zeroParameter } from '../nets/encoder';
import { ResEncoder } from '../nets/resEncoder';
import type { ResolvedPreset } from '../presets/presets';
import { NonFiniteValue } from '../runner/finite';
import type { RunInput } from '../runner/input';
import type { PhaseRunner } from '../runner/run';
import type { Phase, Snapshot, StepKind } from '../runner/types';
import { CHECKPOINT_VERSION, type MethodCheckpoint, type NetName, type StoredTensor } from './checkpoint';
import type { MethodContext, MethodNets, MethodStep } from './context';
import { depthLogit } from './depth';
import { type InjectedFault, poisonWeights } from './faultInjection';
import { offsetLayersFor } from './latentProjection';
import { AlbedoStep } from './steps/albedoStep';
import { CollectStep } from './steps/collectStep';
import { InversionStep, setInputLatent } from './steps/inversionStep';
import { JointStep } from './steps/jointStep';
import { PriorStep } from './steps/priorStep';
import { ProjectionStep } from './steps/projectionStep';
import { type LossReading, LossReadings } from './steps/trainIteration';

export interface MethodRunnerOptions {
  seed?: number;
  /** The GAN; without it only the prior phase is available. */
  gan?: MethodGan | null;
  /** A testing aid: poison the nets before this iteration of this phase (faultInjection.ts). */
  fault?: InjectedFault | null;
}

/** The nets at the preset's widths; E only with a GAN (its output is the GAN's w). */
export function buildNets(backend: Backend, preset: ResolvedPreset, random: Random, gan: MethodGan | null): MethodNets {
  const S = preset.imageSize;
  const edDeconv = (outChannels: number, outputActivation: 'tanh' | 'none', nf: number) =>
    new EDDeconv(backend, random, { imageSize: S, outChannels, nf, outputActivation });
  const encoder = (outChannels: number) =>
    new Encoder(backend, random, { imageSize: S, outChannels, nf: preset.encoderWidth });
  // Built in this order (depth first): the nets draw their initial weights from one stream.
  const depth = edDeconv(1, 'none', preset.netWidth);
  const albedo = edDeconv(3, preset.albedoResidual ? 'none' : 'tanh', preset.albedoWidth);
  // A residual albedo starts as the input itself, a residual depth as the prior: their corrections start at zero.
  if (preset.albedoResidual) zeroParameter(albedo.parameters().at(-1)!);
  if (preset.depthResidual) zeroParameter(depth.parameters().at(-1)!);
  return {
    depth,
    albedo,
    view: encoder(6),
    light: encoder(4),
    latent: gan ? latentEncoder(backend, preset, random, gan) : null,
  };
}

/**
 * E: the model's pretrained encoder when it has one for this image size (its width wins over the preset's), else
 * a fresh one at the preset's width.
 */
function latentEncoder(backend: Backend, preset: ResolvedPreset, random: Random, gan: MethodGan): ResEncoder {
  const S = preset.imageSize;
  const pretrained = gan.encoder?.size === S && gan.encoder.cout === gan.styleDim ? gan.encoder : null;
  const nf = pretrained?.nf ?? preset.latentEncoderWidth;
  const net = new ResEncoder(backend, random, { imageSize: S, outChannels: gan.styleDim, nf });
  if (pretrained) {
    try {
      net.importState(Object.fromEntries(pretrained.tensors));
    } catch (err) {
      net.release();
      throw new Error(`The model's pretrained encoder does not fit this build's E: ${String(err)}`);
    }
  }
  return net;
}

export class MethodRunner implements PhaseRunner {
  readonly ctx: MethodContext;
  private readonly steps: Partial<Record<StepKind, MethodStep>>;
  private active: MethodStep | null = null;
  private readonly fault: InjectedFault | null;
  /** A restore in flight: the first phase waits for it. */
  private restoring: Promise<void> = Promise.resolve();

  constructor(backend: Backend, input: RunInput, preset: ResolvedPreset, options: MethodRunnerOptions = {}) {
    this.fault = options.fault ?? null;
    const S = preset.imageSize;
    if (input.size !== S) throw new Error(`The input is ${input.size} px but the preset runs at ${S} px.`);
    const seed = options.seed ?? 0;
    const gan = options.gan ?? null;
    this.ctx = {
      backend,
      input,
      preset,
      size: S,
      image: backend.fromArray(input.image, [1, 3, S, S]),
      imageLogit: preset.albedoResidual
        ? backend.fromArray(
            input.image.map((v) => Math.atanh(Math.max(-0.98, Math.min(0.98, v)))),
            [1, 3, S, S],
          )
        : null,
      priorLogit: preset.depthResidual ? backend.fromArray(depthLogit(input.prior), [1, 1, S, S]) : null,
      nets: buildNets(backend, preset, new Random(seed), gan),
      gan,
      perceptual: gan?.perceptual ?? null,
      // Pseudo samples and shuffles draw from their own stream, so they do not shift the nets' initialisation.
      random: new Random(seed + 1),
      latent: null,
      projected: null,
      readings: new LossReadings(),
    };
    this.steps = { prior: new PriorStep(this.ctx) };
    if (gan) {
      this.steps.inversion = new InversionStep(this.ctx);
      this.steps.step1 = new AlbedoStep(this.ctx);
      this.steps.step2 = new ProjectionStep(this.ctx);
      this.steps.collect = new CollectStep(this.ctx);
      this.steps.step3 = new JointStep(this.ctx);
    }
  }

  get nets(): MethodNets {
    return this.ctx.nets;
  }

  get depthNet(): EDDeconv {
    return this.ctx.nets.depth;
  }

  get albedoNet(): EDDeconv {
    return this.ctx.nets.albedo;
  }

  supports(step: StepKind): boolean {
    return this.steps[step] !== undefined;
  }

  private stepFor(phase: Phase): MethodStep {
    const step = this.steps[phase.step];
    if (!step) {
      const why = phase.step === 'prior' ? '' : ' (it needs a GAN model; none is loaded)';
      throw new Error(`The ${phase.step} phase is not available in this build${why}.`);
    }
    return step;
  }

  async begin(phase: Phase): Promise<void> {
    await this.restoring;
    this.active?.end();
    this.active = null;
    const step = this.stepFor(phase);
    // An input sampled from the model carries its w: I_gan comes from it, no inversion runs.
    if (!this.ctx.latent && this.ctx.input.latent && this.ctx.gan) {
      const w = this.ctx.backend.fromArray(this.ctx.input.latent, [1, this.ctx.gan.styleDim]);
      await setInputLatent(this.ctx, w);
    }
    await step.begin(phase);
    this.active = step;
  }

  async iterate(phase: Phase, iteration: number): Promise<LossReading | undefined> {
    if (this.fault?.step === phase.step && this.fault.iteration === iteration)
      for (const net of Object.values(this.ctx.nets)) if (net) await poisonWeights(this.ctx.backend, net);
    return this.stepFor(phase).iterate(phase, iteration);
  }

  async end(): Promise<void> {
    const step = this.active;
    this.active = null;
    // A phase ended early (cancelled) may leave a reading in flight: it settles on its own.
    this.ctx.readings.drop();
    if (!step) return;
    try {
      await step.finish?.();
    } finally {
      step.end();
    }
  }

  /** The state a resume needs, read from the device between phases (checkpoint.ts); `nextPhase` is the caller's. */
  async checkpoint(nextPhase: number, stage: number): Promise<MethodCheckpoint> {
    if (this.active) throw new Error('A checkpoint is taken between phases, not inside one.');
    // Every weight and w in one readback.
    const entries = (Object.entries(this.ctx.nets) as [NetName, MethodNets[NetName]][]).flatMap(([name, net]) =>
      net ? net.namedParameters().map(([param, t]) => ({ name, param, t })) : [],
    );
    const w = this.ctx.latent?.w;
    const values = await this.ctx.backend.readAll([...entries.map((e) => e.t), ...(w ? [w] : [])]);
    const nets: MethodCheckpoint['nets'] = {};
    entries.forEach(({ name, param, t }, i) => {
      const state: Record<string, StoredTensor> = (nets[name] ??= {});
      state[param] = { shape: [...t.shape], data: Float32Array.from(values[i]) };
    });
    const latent = w ? Float32Array.from(values[entries.length]) : null;
    return { version: CHECKPOINT_VERSION, nextPhase, stage, nets, latent, randomState: this.ctx.random.saveState() };
  }

  /**
   * Loads a checkpoint taken by a run of the same input, preset and model (the nets' names and shapes are
   * checked); the next phase waits for it. Throws when the checkpoint does not fit this runner.
   */
  restore(checkpoint: MethodCheckpoint): Promise<void> {
    for (const [name, net] of Object.entries(this.ctx.nets) as [NetName, MethodNets[NetName]][]) {
      if (!net) continue;
      const state = checkpoint.nets[name];
      if (!state) throw new Error(`The checkpoint has no weights for the ${name} net.`);
      try {
        net.importState(state);
      } catch (err) {
        throw new Error(
          `The checkpoint's ${name} net does not fit this run: ${err instanceof Error ? err.message : err}`,
        );
      }
    }
    this.ctx.random.restoreState(checkpoint.randomState);
    const { latent } = checkpoint;
    const gan = this.ctx.gan;
    if (latent && gan) {
      if (latent.length !== gan.styleDim)
        throw new Error(`The checkpoint's latent has ${latent.length} values; the model's w has ${gan.styleDim}.`);
      const w = this.ctx.backend.fromArray(latent, [1, gan.styleDim]);
      this.restoring = setInputLatent(this.ctx, w);
    }
    return this.restoring;
  }

  /**
   * What the GAN manipulation path needs (manipulate/ganPath.ts): the GAN, E, the input's w and I_gan. They live
   * as long as this runner (the page keeps its runner until the next run starts); null without a GAN, before the
   * inversion and after release.
   */
  ganPathModel(): GanPathModel | null {
    const { gan, nets, latent, size, preset } = this.ctx;
    if (!gan || !nets.latent || !latent) return null;
    return { gan, encoder: nets.latent, latent, size, offsetLayers: offsetLayersFor(preset, gan) };
  }

  /** The step's snapshot, after checking every net's weights: a NaN weight may render as a finite, wrong map. */
  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const weights = Object.values(this.ctx.nets).flatMap((net) => net?.parameters() ?? []);
    const counter = countNonFinite(this.ctx.backend, weights);
    const bad = (await counter.read())[0];
    counter.release();
    if (bad > 0) throw new NonFiniteValue('weights', `${bad} weights of the nets are NaN or infinite`);
    return this.stepFor(phase).snapshot(phase, iteration);
  }

  release(): void {
    this.active?.end();
    this.active = null;
    const { image, imageLogit, priorLogit, nets, latent, projected } = this.ctx;
    image.release();
    imageLogit?.release();
    priorLogit?.release();
    for (const net of Object.values(nets)) net?.release();
    latent?.w.release();
    latent?.ganImage.release();
    projected?.release();
    this.ctx.latent = null;
    this.ctx.projected = null;
  }
}
