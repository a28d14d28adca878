/**
 * Step 3 runs the input and its projected samples as one batch (src/gan2shape/method/jointTerms.ts): one V / L
 * pass, one render, one D pass and grouped losses. This checks that batching changed nothing but the dispatch
 * count: every term and every parameter gradient equals the same loss computed the way it was before, the input
 * and the samples apart (the input's step-1 loss, the samples rendered in their own batch), with and without the
 * flipped branch and the known pseudo pose. WebGPU, golden tiny bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { add, mul, mulScalar } from '../../../src/engine/ops/elementwise';
import { maskedL1, mse } from '../../../src/engine/ops/loss';
import { flipHorizontal, reshape, slice } from '../../../src/engine/ops/shape';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { MethodContext } from '../../../src/gan2shape/method/context';
import { inputMask, inputReconstructionLoss, PERCEPTUAL_WEIGHT } from '../../../src/gan2shape/method/inputLoss';
import { depthMap, predictInput, renderInput } from '../../../src/gan2shape/method/inputPrediction';
import { type JointOptions, jointTerms } from '../../../src/gan2shape/method/jointTerms';
import { type ProjectedBatch, ProjectedSamples } from '../../../src/gan2shape/method/projectedSamples';
import { lightFromNet, viewFromNet } from '../../../src/gan2shape/method/viewLight';
import { reconstruct } from '../../../src/render';
import { getTestBackend } from '../engine/parity';
import { type StepHarness, stepHarness } from './methodSteps';

type Terms = Record<string, number>;

/** The step-3 loss as it was computed before batching: the input's terms, then the samples' in their own batch. */
function apart(ctx: MethodContext, batch: ProjectedBatch, options: JointOptions) {
  const perceptual = ctx.perceptual!;
  const b = batch.images.shape[0] - 1;
  const images = slice(batch.images, 0, 1, b);
  const masks = slice(batch.masks, 0, 1, b);
  const p = predictInput(ctx);
  const rec = renderInput(p, options.flip);
  const input = inputReconstructionLoss(rec, ctx.image, inputMask(rec), p.depth, perceptual);
  const [, , h, w] = images.shape;
  const predictedViews = viewFromNet(ctx.nets.view.forward(images));
  const predictedLights = lightFromNet(ctx.nets.light.forward(images));
  let views = predictedViews;
  let lights = predictedLights;
  let pose: Tensor | null = null;
  if (options.knownPose) {
    views = images.backend.fromArray(batch.views, [b, 6]);
    lights = images.backend.fromArray(batch.lights, [b, 4]);
    pose = add(mse(predictedViews, views), mse(predictedLights, lights));
  }
  const branches = [{ depth: p.depth, albedo: p.albedo }];
  if (options.flip) branches.push({ depth: flipHorizontal(p.depth), albedo: flipHorizontal(p.albedo) });
  const recs = branches.map((x) =>
    reconstruct({ depth: depthMap(x.depth), albedo: x.albedo, light: lights, view: views }),
  );
  let mask = masks;
  for (const r of recs) mask = mul(mask, reshape(r.mask, [b, 1, h, w]));
  const target = perceptual.target(images, mask);
  let sampleL1: Tensor | null = null;
  let samplePerc: Tensor | null = null;
  for (const r of recs) {
    const l = maskedL1(r.image, images, mask);
    const q = target.loss(r.image);
    sampleL1 = sampleL1 ? add(sampleL1, l) : l;
    samplePerc = samplePerc ? add(samplePerc, q) : q;
  }
  let total = add(input.total, add(sampleL1!, mulScalar(samplePerc!, PERCEPTUAL_WEIGHT)));
  if (pose) total = add(total, pose);
  const terms: Record<string, Tensor> = {
    total,
    l1: input.l1,
    perceptual: input.perceptual,
    smoothness: input.smoothness,
    sample_l1: sampleL1!,
    sample_perceptual: samplePerc!,
  };
  if (input.l1_flip) terms.l1_flip = input.l1_flip;
  if (input.perceptual_flip) terms.perceptual_flip = input.perceptual_flip;
  if (pose) terms.sample_pose = pose;
  return terms;
}

/** The batched terms under the names the loss plot reads (vector terms spread, same names summed). */
function batched(ctx: MethodContext, batch: ProjectedBatch, options: JointOptions): Record<string, Tensor | Tensor[]> {
  const t = jointTerms(ctx, batch, options);
  const out: Record<string, Tensor | Tensor[]> = { total: t.total, smoothness: t.smoothness };
  if (t.sample_pose) out.sample_pose = t.sample_pose;
  for (const v of [t.l1Terms, t.percTerms])
    v.names.forEach((name, k) => {
      const entry = slice(reshape(v.values, [v.names.length, 1, 1, 1]), 0, k, 1);
      out[name] = name in out ? [...(out[name] as Tensor[]), entry] : [entry];
    });
  return out;
}

/** Runs `loss` on a tape: its terms' values and the gradient of its total for every net parameter. */
async function evaluate(
  ctx: MethodContext,
  loss: () => Record<string, Tensor | Tensor[]>,
): Promise<{ terms: Terms; grads: Float64Array[] }> {
  const tape = new Tape();
  const raw = tape.run(loss);
  const terms: Terms = {};
  for (const [name, t] of Object.entries(raw)) {
    const parts = Array.isArray(t) ? t : [t];
    let value = 0;
    for (const part of parts) value += (await part.read())[0];
    terms[name] = value;
  }
  tape.backward(raw.total as Tensor);
  const params = [ctx.nets.depth, ctx.nets.albedo, ctx.nets.view, ctx.nets.light].flatMap((n) => n.parameters());
  const grads: Float64Array[] = [];
  for (const p of params) {
    grads.push(p.grad ? Float64Array.from(await p.grad.read()) : new Float64Array(p.size));
    p.grad?.release();
    p.grad = null;
  }
  tape.free();
  return { terms, grads };
}

describe('step 3 batched: the same loss and gradients as the input and the samples apart (WebGPU)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;
  let samples: ProjectedSamples;
  let ones: Tensor;

  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend, { batchSize: 2 });
    // A few prior iterations so that the nets' outputs are not all at their initial constants.
    await h.runPhase('prior', 3);
    const ctx = h.runner.ctx;
    const s = ctx.size;
    samples = new ProjectedSamples(backend, 3, s);
    // Three distinct samples with partial masks and their own poses (radians, light (k_a, k_d, l_x, l_y)).
    const half = backend.fromArray(
      Array.from({ length: s * s }, (_, i) => (i % s < s - 5 ? 1 : 0.5)),
      [1, 1, s, s],
    );
    const poses = [
      { image: flipHorizontal(ctx.image), view: [0.05, 0.3, 0, 0.01, 0, 0], light: [0.4, 0.6, 0.3, -0.1] },
      { image: mulScalar(ctx.image, 0.7), view: [-0.1, -0.25, 0.02, 0, 0.02, 0], light: [0.6, 0.4, -0.5, 0.2] },
      {
        image: add(ctx.image, backend.full(ctx.image.shape, 0.1)),
        view: [0, 0.1, 0, 0, 0, 0],
        light: [0.5, 0.5, 0, 0],
      },
    ];
    for (const p of poses) {
      samples.append(p.image, half, p.view, p.light);
      p.image.release();
    }
    half.release();
    ones = backend.full([1, 1, s, s], 1).keep();
  });
  afterAll(() => {
    samples?.release();
    ones?.release();
    h?.release();
  });

  for (const flip of [false, true])
    for (const knownPose of [false, true])
      it(`flip ${flip}, known pose ${knownPose}`, async () => {
        const ctx = h.runner.ctx;
        const batch = samples.nextBatch(2, new Random(3), { image: ctx.image, mask: ones });
        expect(batch.images.shape[0]).toBe(3);
        const options = { flip, knownPose };
        const a = await evaluate(ctx, () => apart(ctx, batch, options));
        const b = await evaluate(ctx, () => batched(ctx, batch, options));
        batch.images.release();
        batch.masks.release();
        expect(Object.keys(b.terms).sort()).toEqual(Object.keys(a.terms).sort());
        for (const name of Object.keys(a.terms)) {
          expect(Number.isFinite(a.terms[name]), name).toBe(true);
          expect(b.terms[name], name).toBeCloseTo(a.terms[name], 5);
        }
        let scale = 0;
        let diff = 0;
        for (const [i, g] of a.grads.entries())
          for (const [j, v] of g.entries()) {
            scale = Math.max(scale, Math.abs(v));
            diff = Math.max(diff, Math.abs(v - b.grads[i][j]));
          }
        expect(scale).toBeGreaterThan(0);
        expect(diff / scale).toBeLessThan(1e-4);
      });
});
