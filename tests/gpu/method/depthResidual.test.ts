/**
 * The residual depth of short presets (depthResidual): depth = 1 + 0.1 tanh(atanh((prior - 1) / 0.1) + D(I) -
 * mean D(I)) with D's last conv at zero, so before any training the depth is the prior itself, training moves
 * it, and the canonical depth keeps its border columns.
 */
import { describe, expect, it } from 'vitest';
import { tidy } from '../../../src/engine/autograd/tidy';
import { BORDER_COLUMNS, BORDER_DEPTH } from '../../../src/gan2shape/method/depth';
import { predictDepthNoBorder, predictInput } from '../../../src/gan2shape/method/inputPrediction';
import { getTestBackend } from '../engine/parity';
import { stepHarness } from './methodSteps';

describe('residual depth (WebGPU, golden tiny bundle)', () => {
  it('starts as the prior, keeps its border and is moved by training', async () => {
    const backend = await getTestBackend();
    const h = await stepHarness(backend, { depthResidual: true, learningRate: 1e-2 });
    const { prior } = h.runner.ctx.input;
    const S = h.runner.ctx.size;
    const depthNow = async () => Float32Array.from(await tidy(() => predictDepthNoBorder(h.runner.ctx)).read());
    const start = await depthNow();
    const worst = start.reduce((a, v, i) => Math.max(a, Math.abs(v - prior[i])), 0);
    expect(worst).toBeLessThan(1e-5);
    // the prior has relief, so matching it is not the trivial constant
    expect(Math.max(...prior) - Math.min(...prior)).toBeGreaterThan(0.01);
    // without the residual the untrained depth is not the prior
    const plain = await stepHarness(backend, {});
    const plainDepth = Float32Array.from(await tidy(() => predictDepthNoBorder(plain.runner.ctx)).read());
    expect(plainDepth.reduce((a, v, i) => Math.max(a, Math.abs(v - prior[i])), 0)).toBeGreaterThan(0.005);
    plain.release();
    // the canonical depth's border columns are the backdrop
    const canonical = Float32Array.from(await tidy(() => predictInput(h.runner.ctx).depth).read());
    for (let y = 0; y < S; y++)
      for (const x of [0, BORDER_COLUMNS - 1, S - BORDER_COLUMNS, S - 1])
        expect(canonical[y * S + x]).toBeCloseTo(BORDER_DEPTH, 6);
    // step 1 does not train D; step 3 does, and the depth leaves the prior but stays in range
    await h.runPhase('inversion', 2);
    await h.runPhase('prior', 2);
    await h.runPhase('step1', 2);
    await h.runPhase('step2', 1);
    await h.runPhase('collect', 1);
    const beforeStep3 = await depthNow();
    await h.runPhase('step3', 4);
    const after = await depthNow();
    const moved = after.reduce((a, v, i) => a + Math.abs(v - beforeStep3[i]), 0) / after.length;
    expect(moved).toBeGreaterThan(1e-5);
    expect(after.every((v) => v > 0.9 && v < 1.1)).toBe(true);
    h.release();
  });
});
