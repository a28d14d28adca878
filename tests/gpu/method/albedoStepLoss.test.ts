/**
 * Step 1 computes its frozen geometry once per step (issue 15): depth, view and light, the renderer's geometry
 * (reconstructGeometry), the validity mask and the smoothness term in begin(), and per iteration only A and
 * shadeAndWarp. This checks that nothing but the dispatch count changed: at fixed weights, every loss term and the
 * gradient of A's parameters equal the loss computed the way it was before (the frozen nets' outputs, then the
 * whole reconstruct() with the albedo per iteration and inputReconstructionLoss), with and without the flipped
 * branch. WebGPU, golden tiny bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { tidy } from '../../../src/engine/autograd/tidy';
import { concat, flipHorizontal, reshape } from '../../../src/engine/ops/shape';
import { liveTensorCount, type Tensor } from '../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import type { MethodContext } from '../../../src/gan2shape/method/context';
import { inputMask, inputReconstructionLoss } from '../../../src/gan2shape/method/inputLoss';
import {
  depthMap,
  type InputPrediction,
  predictAlbedo,
  predictInput,
} from '../../../src/gan2shape/method/inputPrediction';
import { AlbedoStep } from '../../../src/gan2shape/method/steps/albedoStep';
import { reconstruct } from '../../../src/render';
import { getTestBackend } from '../engine/parity';
import { type StepHarness, stepHarness } from './methodSteps';

type Terms = Record<string, number>;

/** renderInput as it was: the whole reconstruct(), the flipped branch second. */
function renderInputBefore(p: InputPrediction, flip: boolean) {
  if (!flip) return reconstruct({ depth: depthMap(p.depth), albedo: p.albedo, light: p.light, view: p.view });
  const twice = (x: Tensor) => {
    const v = reshape(x, [1, x.shape[1], 1, 1]);
    return reshape(concat([v, v], 0), [2, x.shape[1]]);
  };
  return reconstruct({
    depth: depthMap(concat([p.depth, flipHorizontal(p.depth)], 0)),
    albedo: concat([p.albedo, flipHorizontal(p.albedo)], 0),
    light: twice(p.light),
    view: twice(p.view),
  });
}

/** Runs `loss` on a tape: its terms' values and the gradients of its total for A's parameters. */
async function evaluate(ctx: MethodContext, loss: () => Record<string, Tensor | undefined>) {
  const tape = new Tape();
  const raw = tape.run(loss);
  const terms: Terms = {};
  for (const [name, t] of Object.entries(raw)) if (t) terms[name] = (await t.read())[0];
  tape.backward(raw.total as Tensor);
  const grads: Float64Array[] = [];
  for (const p of ctx.nets.albedo.parameters()) {
    grads.push(p.grad ? Float64Array.from(await p.grad.read()) : new Float64Array(p.size));
    p.grad?.release();
    p.grad = null;
  }
  tape.free();
  return { terms, grads };
}

/** Step 1's loss as it was computed before: frozen outputs from begin, the whole render per iteration. */
async function before(ctx: MethodContext, flip: boolean) {
  const frozen = tidy(() => {
    const p = predictInput(ctx);
    return { depth: p.depth, view: p.view, light: p.light, mask: inputMask(renderInputBefore(p, flip)) };
  });
  const target = ctx.perceptual!.target(ctx.image, frozen.mask);
  const out = await evaluate(ctx, () => {
    const rec = renderInputBefore({ ...frozen, albedo: predictAlbedo(ctx) }, flip);
    return { ...inputReconstructionLoss(rec, ctx.image, frozen.mask, frozen.depth, target) };
  });
  target.release();
  for (const t of Object.values(frozen)) t.release();
  return out;
}

describe('step 1 with its geometry computed once: the same terms and gradients as before (WebGPU)', () => {
  let backend: WebGpuBackend;
  let h: StepHarness;

  beforeAll(async () => {
    backend = await getTestBackend();
    h = await stepHarness(backend);
    // Prior and step-1 iterations so that the nets' outputs are not at their initial constants.
    await h.runPhase('prior', 3);
    await h.runPhase('step1', 2);
  });
  afterAll(() => h?.release());

  for (const flip of [false, true])
    it(`flip ${flip}`, async () => {
      const ctx = h.runner.ctx;
      const a = await before(ctx, flip);
      const live = liveTensorCount();
      const step = new AlbedoStep({ ...ctx, preset: { ...ctx.preset, flip1: [flip] } });
      step.begin({ stage: 1, step: 'step1', iterations: 1 });
      const b = await evaluate(ctx, () => ({ ...step.lossTerms() }));
      // A second iteration's terms from the same frozen tensors (nothing of begin's was consumed by the first).
      const again = await evaluate(ctx, () => ({ ...step.lossTerms() }));
      step.end();
      expect(liveTensorCount()).toBe(live);

      const names = flip
        ? ['l1', 'l1_flip', 'perceptual', 'perceptual_flip', 'smoothness', 'total']
        : ['l1', 'perceptual', 'smoothness', 'total'];
      expect(Object.keys(a.terms).sort()).toEqual(names);
      expect(Object.keys(b.terms).sort()).toEqual(names);
      for (const name of names) {
        expect(Number.isFinite(a.terms[name]), name).toBe(true);
        expect(b.terms[name], name).toBe(a.terms[name]);
        expect(again.terms[name], name).toBe(a.terms[name]);
      }
      let scale = 0;
      let diff = 0;
      a.grads.forEach((g, i) => {
        g.forEach((v, j) => {
          scale = Math.max(scale, Math.abs(v));
          diff = Math.max(diff, Math.abs(v - b.grads[i][j]), Math.abs(v - again.grads[i][j]));
        });
      });
      expect(scale).toBeGreaterThan(0);
      expect(diff / scale).toBeLessThan(1e-6);
      console.log(`flip ${flip}: terms ${JSON.stringify(b.terms)}, gradient difference ${diff} of ${scale}`);
    });
});
