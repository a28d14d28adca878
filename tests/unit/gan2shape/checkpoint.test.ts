import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine/random';
import {
  CHECKPOINT_VERSION,
  checkpointPhases,
  type MethodCheckpoint,
  validateCheckpoint,
} from '../../../src/gan2shape/method/checkpoint';
import { PRESETS } from '../../../src/gan2shape/presets/presets';
import { runnablePhases } from '../../../src/gan2shape/start';

const checkpoint = (nextPhase: number, version = CHECKPOINT_VERSION): MethodCheckpoint =>
  ({ version, nextPhase, stage: 0, nets: {}, latent: null, randomState: 1 }) as MethodCheckpoint;

describe('checkpoints at stage boundaries', () => {
  it('are kept after the prior fit and at the end of every stage but the last', () => {
    const phases = runnablePhases({ ...PRESETS.test, stages: 2 }, true);
    expect(phases.map((p) => `${p.stage}${p.step}`).join(' ')).toBe(
      '0inversion 0prior 1step1 1step2 1collect 1step3 2step1 2step2 2collect 2step3',
    );
    expect([...checkpointPhases(phases)]).toEqual([1, 5]);
    // one stage: only after the prior; prior-only (no model): none (nothing follows it)
    expect([...checkpointPhases(runnablePhases(PRESETS.test, true))]).toEqual([1]);
    expect([...checkpointPhases(runnablePhases(PRESETS.test, false))]).toEqual([]);
  });

  it('a stored checkpoint is checked before use: format version and a next phase at a boundary', () => {
    const phases = runnablePhases({ ...PRESETS.test, stages: 2 }, true);
    expect(() => validateCheckpoint(checkpoint(2), phases)).not.toThrow();
    expect(() => validateCheckpoint(checkpoint(6), phases)).not.toThrow();
    for (const next of [0, 1, 3, 10])
      expect(() => validateCheckpoint(checkpoint(next), phases)).toThrow(/not a stage boundary/);
    expect(() => validateCheckpoint(checkpoint(2, 99 as 1), phases)).toThrow(/another version of the app.*reopened/);
  });

  it('the random stream continues from a saved position and refuses a state that is not one', () => {
    const a = new Random(5);
    a.next();
    const saved = a.saveState();
    const expected = [a.next(), a.normal()];
    const b = new Random(123);
    b.restoreState(saved);
    expect([b.next(), b.normal()]).toEqual(expected);
    for (const bad of [-1, 2 ** 32, 0.5]) expect(() => b.restoreState(bad)).toThrow(/32-bit/);
  });
});
