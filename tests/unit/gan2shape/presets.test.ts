import { describe, expect, it } from 'vitest';
import { PRESETS, resolvePreset, schedule } from '../../../src/gan2shape/presets/presets';

describe('presets', () => {
  it("gives the paper's per-image schedule: 1000 prior steps and 4 stages of 600/600/400 then 200/500/300", () => {
    const phases = schedule(PRESETS.paper);
    expect(phases.length).toBe(1 + 4 * 4);
    expect(phases[0]).toMatchObject({ stage: 0, step: 'prior', iterations: 1000 });
    const gradientSteps = phases
      .filter((p) => p.step === 'step1' || p.step === 'step2' || p.step === 'step3')
      .reduce((a, p) => a + p.iterations, 0);
    expect(gradientSteps).toBe(4600);
    expect(phases.filter((p) => p.step === 'collect').map((p) => p.iterations)).toEqual([100, 100, 100, 100]);
    expect(phases.slice(1, 5).map((p) => p.step)).toEqual(['step1', 'step2', 'collect', 'step3']);
  });

  it('puts the inversion first when the input needs one', () => {
    const phases = schedule(PRESETS.paper, { inversion: true });
    expect(phases[0]).toMatchObject({ stage: 0, step: 'inversion', iterations: 1000 });
    expect(phases[1].step).toBe('prior');
  });

  it('can restrict a schedule to some steps', () => {
    const phases = schedule(PRESETS.test, { steps: ['step1'] });
    expect(phases.map((p) => p.step)).toEqual(['prior', 'step1']);
  });

  it('keeps the test preset tiny', () => {
    const p = PRESETS.test;
    expect(p.imageSize).toBeLessThanOrEqual(32);
    expect(schedule(p, { inversion: true }).reduce((a, x) => a + x.iterations, 0)).toBeLessThan(50);
  });

  it("follows the model's size unless the preset fixes one, and scales the paper's widths", () => {
    expect(resolvePreset(PRESETS.paper, 64)).toMatchObject({ imageSize: 64, netWidth: 64, encoderWidth: 64 });
    expect(resolvePreset(PRESETS.paper, 128)).toMatchObject({ imageSize: 128, netWidth: 32, latentEncoderWidth: 32 });
    expect(resolvePreset(PRESETS.preview, 64)).toMatchObject({ imageSize: 64, netWidth: 32, latentEncoderWidth: 16 });
    expect(resolvePreset(PRESETS.test, 64).imageSize).toBe(32);
    // cpu: A twice as wide as D (its bottleneck holds the whole image); the others follow widthScale.
    expect(resolvePreset(PRESETS.cpu, 64)).toMatchObject({ netWidth: 8, albedoWidth: 16 });
    expect(resolvePreset(PRESETS.paper, 64).albedoWidth).toBe(64);
    for (const name of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
      const r = resolvePreset(PRESETS[name], 64);
      for (const w of [r.netWidth, r.albedoWidth, r.encoderWidth, r.latentEncoderWidth]) expect(w % 4).toBe(0);
    }
  });
});
