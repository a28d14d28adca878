import { describe, expect, it } from 'vitest';
import { PRESETS, schedule } from '../../../src/gan2shape/presets/presets';

describe('presets', () => {
  it("gives the paper's per-image schedule: 1000 prior steps and 4 stages of 600/600/400 then 200/500/300", () => {
    const phases = schedule(PRESETS.paper);
    expect(phases.length).toBe(1 + 4 * 3);
    expect(phases[0]).toEqual({ stage: 0, step: 'prior', iterations: 1000 });
    const gradientSteps = phases.slice(1).reduce((a, p) => a + p.iterations, 0);
    expect(gradientSteps).toBe(4600);
  });

  it('can restrict a schedule to the steps that exist', () => {
    const phases = schedule(PRESETS.test, ['step1']);
    expect(phases.map((p) => p.step)).toEqual(['prior', 'step1']);
  });

  it('keeps the test preset tiny', () => {
    const p = PRESETS.test;
    expect(p.imageSize).toBeLessThanOrEqual(32);
    expect(schedule(p).reduce((a, x) => a + x.iterations, 0)).toBeLessThan(50);
  });
});
