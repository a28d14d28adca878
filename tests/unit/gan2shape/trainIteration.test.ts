/**
 * trainIteration's loss readings (src/gan2shape/method/steps/trainIteration.ts): a reading taken at a logging
 * iteration is started there (one readback) and delivered by the next iteration, tagged with the iteration it was
 * taken at, so the host never waits for the iteration it has just submitted; a phase's last iteration reads at once
 * and leaves nothing in flight; a bad weight found by a late reading names the iteration it was taken at; grouped
 * terms are read entry by entry, entries under one name summed. Float64 reference backend.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { mulScalar } from '../../../src/engine/ops/elementwise';
import { mse } from '../../../src/engine/ops/loss';
import { Adam } from '../../../src/engine/optim/adam';
import {
  LOSS_READ_EVERY,
  type LossReading,
  LossReadings,
  trainIteration,
} from '../../../src/gan2shape/method/steps/trainIteration';
import { NonFiniteValue } from '../../../src/gan2shape/runner/finite';

function setup() {
  const backend = new CpuBackend();
  const w = backend.fromArray([1, -2], [2]).keep();
  w.requiresGrad = true;
  const target = backend.fromArray([0, 0], [2]).keep();
  const optimizer = new Adam([w], { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  return { backend, w, target, optimizer };
}

describe('trainIteration: loss readings arrive an iteration late, never lost at a phase end', () => {
  it('delivers each logging iteration at the next one and the last at once', async () => {
    const { backend, w, target, optimizer } = setup();
    const readings = new LossReadings();
    const iterations = 2 * LOSS_READ_EVERY + 2; // logging at 4, 9 and the last (11)
    const delivered: [number, LossReading | undefined][] = [];
    for (let i = 0; i < iterations; i++) {
      const r = await trainIteration(backend, optimizer, () => ({ total: mse(w, target) }), {
        iteration: i,
        iterations,
        readings,
      });
      delivered.push([i, r]);
    }
    const arrived = delivered.filter(([, r]) => r).map(([i, r]) => [i, r!.iteration]);
    expect(arrived).toEqual([
      [LOSS_READ_EVERY, LOSS_READ_EVERY - 1],
      [2 * LOSS_READ_EVERY, 2 * LOSS_READ_EVERY - 1],
      [iterations - 1, iterations - 1],
    ]);
    // The losses fall as Adam moves w toward 0, and each belongs to its own iteration (not the delivering one).
    const totals = arrived.map(([i]) => delivered[i][1]!.losses.total);
    expect(totals[1]).toBeLessThan(totals[0]);
    expect(totals[2]).toBeLessThan(totals[1]);
    expect(await readings.take()).toBeNull();
    optimizer.dispose();
  });

  it('reads grouped terms entry by entry and sums entries under one name', async () => {
    const { backend, w, target, optimizer } = setup();
    const r = await trainIteration(
      backend,
      optimizer,
      () => {
        const total = mse(w, target);
        const values = backend.fromArray([0.25, 1, 0.5], [3]);
        return { total, grouped: { values, names: ['l1', 'sample_l1', 'sample_l1'] }, twice: mulScalar(total, 2) };
      },
      { iteration: 0, iterations: 1, readings: new LossReadings() },
    );
    expect(r?.iteration).toBe(0);
    expect(r?.losses.l1).toBeCloseTo(0.25, 12);
    expect(r?.losses.sample_l1).toBeCloseTo(1.5, 12);
    expect(r?.losses.twice).toBeCloseTo(2 * r!.losses.total, 12);
    optimizer.dispose();
  });

  it('a NaN weight found by a late reading throws at the next iteration, naming the iteration read', async () => {
    const { backend, w, target, optimizer } = setup();
    const readings = new LossReadings();
    const at = (iteration: number) => ({ iteration, iterations: 10, readings });
    for (let i = 0; i < LOSS_READ_EVERY - 1; i++)
      await trainIteration(backend, optimizer, () => ({ total: mse(w, target) }), at(i));
    backend.data(w)[0] = Number.NaN;
    // The logging iteration starts the reading and returns without it; the next one throws what it found.
    expect(await trainIteration(backend, optimizer, () => ({ total: mse(w, target) }), at(LOSS_READ_EVERY - 1))).toBe(
      undefined,
    );
    const late = trainIteration(backend, optimizer, () => ({ total: mse(w, target) }), at(LOSS_READ_EVERY));
    await expect(late).rejects.toBeInstanceOf(NonFiniteValue);
    await expect(late).rejects.toMatchObject({ term: 'weights', iteration: LOSS_READ_EVERY - 1 });
    optimizer.dispose();
  });
});
