/**
 * Step 1 of every stage: the albedo net A fitted to the input (method-reference sections 4-5). The depth net is
 * run but frozen (its depth is computed once per step), the view is 0 and the light frontal until the view and
 * light nets exist (canonicalView.ts); only A's weights move. Loss: inputReconstructionLoss. GAN2Shape's face
 * configs use no flipped branch in step 1 (flip1 is false in every stage), so none is computed here.
 */
import { noGrad } from '../../../engine/autograd/grad-mode';
import type { Backend } from '../../../engine/backend';
import { reshape } from '../../../engine/ops/shape';
import { Adam, METHOD_ADAM } from '../../../engine/optim/adam';
import type { Tensor } from '../../../engine/tensor';
import { type ReconstructionOutput, rasterizeDepth, reconstruct } from '../../../render';
import type { Phase, Snapshot } from '../../runner/types';
import { FRONTAL_LIGHT, FRONTAL_VIEW, frontalLightTensor, frontalViewTensor } from '../canonicalView';
import { depthFromRaw } from '../depth';
import { inputReconstructionLoss } from '../inputLoss';
import type { PerceptualTarget } from '../perceptual';
import type { MethodContext, MethodStep } from './context';
import { shouldReadLosses, trainIteration } from './trainIteration';

interface StepTensors {
  /** Canonical depth [1,1,S,S] of the frozen depth net. */
  depth: Tensor;
  /** The same values as [1,S,S], the renderer's layout. */
  depthMap: Tensor;
  view: Tensor;
  light: Tensor;
  /** The validity mask [1,1,S,S]: fixed for the step, as depth and view are. */
  mask: Tensor;
}

export class AlbedoStep implements MethodStep {
  private optimizer: Adam | null = null;
  private tensors: StepTensors | null = null;
  /** The input under the mask with its D features, computed once per step instead of once per iteration. */
  private perceptualTarget: PerceptualTarget | null = null;

  constructor(private readonly ctx: MethodContext) {}

  begin(): void {
    const { backend, depthNet, albedoNet, image, input } = this.ctx;
    const perceptual = this.ctx.perceptual;
    if (!perceptual) throw new Error('Step 1 needs a GAN model for its perceptual loss; none is loaded.');
    const S = input.size;
    const depth = noGrad(() => depthFromRaw(depthNet.forward(image)));
    const depthMap = reshape(depth, [1, S, S]);
    const view = frontalViewTensor(backend);
    const raster = noGrad(() => rasterizeDepth(depthMap, view));
    raster.depth.release();
    const mask = reshape(raster.mask, [1, 1, S, S]);
    raster.mask.release();
    this.tensors = { depth, depthMap, view, light: frontalLightTensor(backend), mask };
    this.perceptualTarget = perceptual.target(image, mask);
    this.optimizer = new Adam(albedoNet.parameters(), METHOD_ADAM);
  }

  private render(t: StepTensors): { albedo: Tensor; rec: ReconstructionOutput } {
    const albedo = this.ctx.albedoNet.forward(this.ctx.image);
    return { albedo, rec: reconstruct({ depth: t.depthMap, albedo, light: t.light, view: t.view }) };
  }

  async iterate(phase: Phase, iteration: number): Promise<Record<string, number> | undefined> {
    const { optimizer, tensors, perceptualTarget } = this;
    if (!optimizer || !tensors || !perceptualTarget) throw new Error('AlbedoStep.iterate() before begin()');
    return trainIteration(
      this.ctx.backend,
      optimizer,
      () => {
        const { rec } = this.render(tensors);
        return inputReconstructionLoss(rec, this.ctx.image, tensors.mask, tensors.depth, perceptualTarget);
      },
      shouldReadLosses(iteration, phase.iterations),
    );
  }

  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    const tensors = this.tensors;
    if (!tensors) throw new Error('AlbedoStep.snapshot() before begin()');
    const S = this.ctx.input.size;
    const { albedo, rec } = noGrad(() => this.render(tensors));
    const [depth, albedoValues, diffuse, normals, image] = await readAll(this.ctx.backend, [
      tensors.depth,
      albedo,
      rec.diffuse,
      rec.normals,
      rec.image,
    ]);
    for (const t of [albedo, rec.image, rec.mask, rec.reconDepth, rec.normals, rec.diffuse, rec.texture]) t.release();
    const [ka, kd] = FRONTAL_LIGHT;
    return {
      stage: phase.stage,
      step: phase.step,
      iteration,
      size: S,
      depth,
      albedo: albedoValues,
      shading: diffuse.map((d) => ka + kd * d),
      normals: interleaveNormals(normals, S * S),
      reconstruction: image,
      view: [...FRONTAL_VIEW],
      light: [...FRONTAL_LIGHT],
    };
  }

  end(): void {
    this.optimizer?.dispose();
    this.optimizer = null;
    if (this.tensors) for (const t of Object.values(this.tensors)) t.release();
    this.tensors = null;
    this.perceptualTarget?.release();
    this.perceptualTarget = null;
  }
}

async function readAll(backend: Backend, tensors: Tensor[]): Promise<Float32Array[]> {
  backend.flush();
  return Promise.all(tensors.map(async (t) => Float32Array.from(await t.read())));
}

/** CHW normals [3, S*S] to the snapshot's interleaved xyz per pixel. */
export function interleaveNormals(chw: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = chw[c * pixels + i];
  return out;
}
