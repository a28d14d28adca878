/**
 * Step 3's loss (method-reference sections 4-5): the input's step-1 terms (L1 + 0.5 perceptual + 0.01 smoothness,
 * with the flipped branch where flip3 says so) plus the projected samples' terms: each sample Ĩ_j rendered from the
 * input's depth and albedo in V(Ĩ_j) and L(Ĩ_j) and compared under m_j = validity mask x pseudo mask (L1 + 0.5
 * perceptual, + the flipped versions); with knownPseudoPose the samples are rendered in the pose their pseudo
 * samples were drawn in and V, L regress onto it.
 *
 * The input and its samples run as one batch [1 + b] (issue 15: about half the dispatches of running them apart):
 * one V and one L pass, one render from the input's depth and albedo (the renderer broadcasts them over the
 * views), one D pass for the perceptual targets and one for the predictions, and grouped losses that keep the
 * input's terms and the samples' apart (groups [1, b], each normalized by its own mask sum, exactly as separate
 * calls). tests/gpu/method/jointTerms.test.ts checks the values and gradients against the terms computed apart.
 */
import { add, mul, mulScalar } from '../../engine/ops/elementwise';
import { maskedL1Groups, mse } from '../../engine/ops/loss';
import { sum } from '../../engine/ops/reduce';
import { concat, flipHorizontal, reshape, slice } from '../../engine/ops/shape';
import type { Tensor } from '../../engine/tensor';
import { reconstruct } from '../../render';
import type { MethodContext } from './context';
import { canonicalDepth } from './depth';
import { PERCEPTUAL_WEIGHT, smoothnessTerm } from './inputLoss';
import { depthMap, predictAlbedo } from './inputPrediction';
import type { ProjectedBatch } from './projectedSamples';
import type { TermVector } from './steps/trainIteration';
import { lightFromNet, viewFromNet } from './viewLight';

export interface JointOptions {
  /** The flipped (symmetry) branch: the preset's flip3 for this stage. */
  flip: boolean;
  /** The preset's knownPseudoPose. */
  knownPose: boolean;
}

/**
 * Every term of one step-3 iteration on `batch` = [input, samples...] (ProjectedSamples.nextBatch with the input as
 * its lead; the input's mask all ones), and its flipped copy with `flip`: runs on the active tape.
 */
export function jointTerms(ctx: MethodContext, batch: ProjectedBatch, options: JointOptions) {
  const { nets, perceptual } = ctx;
  if (!perceptual) throw new Error('Step 3 needs a GAN model for its perceptual loss; none is loaded.');
  const { images, masks } = batch;
  const [n, , h, w] = images.shape;
  const b = n - 1;
  const depth = canonicalDepth(nets.depth.forward(ctx.image), ctx.priorLogit);
  const albedo = predictAlbedo(ctx);
  const { views, lights, pose } = viewsAndLights(ctx, batch, options.knownPose);
  const branches = [{ depth, albedo }];
  if (options.flip) branches.push({ depth: flipHorizontal(depth), albedo: flipHorizontal(albedo) });
  const recs = branches.map((x) =>
    reconstruct({ depth: depthMap(x.depth), albedo: x.albedo, light: lights, view: views }),
  );
  // Every branch sees the pixels valid in all branches (GAN2Shape multiplies the masks), times the pseudo mask.
  let mask = masks;
  for (const r of recs) mask = mul(mask, reshape(r.mask, [n, 1, h, w]));
  // With flip3 the flipped branch follows as a second [1 + b] block: groups [input, samples, input', samples'].
  const rendered = options.flip ? concat([recs[0].image, recs[1].image], 0) : recs[0].image;
  const targets = options.flip ? concat([images, images], 0) : images;
  const allMasks = options.flip ? concat([mask, mask], 0) : mask;
  const groups = options.flip ? [1, b, 1, b] : [1, b];
  const l1 = maskedL1Groups(rendered, targets, allMasks, groups);
  const perc = perceptual.target(targets, allMasks).lossGroups(rendered, groups);
  // The input's smoothness terms: its depth and its own diffuse shading (batch entry 0 of each branch).
  const diffuse = recs.map((r) => slice(r.diffuse, 0, 0, 1));
  const smooth = smoothnessTerm(depth, diffuse.length === 1 ? diffuse[0] : concat(diffuse, 0));
  let total = add(sum(add(l1, mulScalar(perc, PERCEPTUAL_WEIGHT))), smooth.weighted);
  if (pose) total = add(total, pose);
  const names = (input: string, sample: string) =>
    options.flip ? [input, sample, `${input}_flip`, sample] : [input, sample];
  const l1Terms: TermVector = { values: l1, names: names('l1', 'sample_l1') };
  const percTerms: TermVector = { values: perc, names: names('perceptual', 'sample_perceptual') };
  return { total, l1Terms, percTerms, smoothness: smooth.smoothness, ...(pose ? { sample_pose: pose } : {}) };
}

/**
 * V and L on the whole batch: the input's own view and light, and for each sample V(Ĩ) and L(Ĩ), or with
 * knownPseudoPose the pose its pseudo sample was drawn in (V, L regressed onto it: sample_pose).
 */
function viewsAndLights(
  ctx: MethodContext,
  batch: ProjectedBatch,
  knownPose: boolean,
): { views: Tensor; lights: Tensor; pose: Tensor | null } {
  const { images } = batch;
  const views = viewFromNet(ctx.nets.view.forward(images));
  const lights = lightFromNet(ctx.nets.light.forward(images));
  if (!knownPose) return { views, lights, pose: null };
  const n = images.shape[0];
  const backend = images.backend;
  // Row 0 keeps the input's prediction, rows 1.. take the known poses: x * keep + known (known's row 0 is 0).
  const rowsOf = (first: number, rest: number) => backend.fromArray([first, ...new Array(n - 1).fill(rest)], [n, 1]);
  const keep = rowsOf(1, 0);
  const samplesOnly = rowsOf(0, 1);
  const knownViews = backend.fromArray([0, 0, 0, 0, 0, 0, ...batch.views], [n, 6]);
  const knownLights = backend.fromArray([0, 0, 0, 0, ...batch.lights], [n, 4]);
  // The mean over the samples' rows only: the input's row is zeroed on both sides, the mean rescaled to b rows.
  const rows = n / (n - 1);
  const pose = mulScalar(
    add(mse(mul(views, samplesOnly), knownViews), mse(mul(lights, samplesOnly), knownLights)),
    rows,
  );
  return {
    views: add(mul(views, keep), knownViews),
    lights: add(mul(lights, keep), knownLights),
    pose,
  };
}
