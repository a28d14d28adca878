import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RunInput } from '../../../src/gan2shape/runner/input';
import type { Snapshot } from '../../../src/gan2shape/runner/types';
import { classify, RunArchive, RunArchiveError, thumbnailOf } from '../../../src/storage/runArchive';

const S = 4;
function input(): RunInput {
  return {
    size: S,
    image: Float32Array.from({ length: 3 * S * S }, (_, i) => (i % 7) / 3 - 1),
    mask: new Float32Array(S * S).fill(1),
    prior: new Float32Array(S * S).fill(1.02),
    category: 'synface',
  };
}
function snapshot(stage: number, step: Snapshot['step'], iteration: number): Snapshot {
  return { stage, step, iteration, size: S, depth: new Float32Array(S * S).fill(1 + iteration / 100) };
}
let dbCount = 0;
const open = () => RunArchive.open(indexedDB, `test-${++dbCount}`);

describe('run archive (IndexedDB)', () => {
  it('stores a run as it goes and gives back its input and the snapshots of its finished phases', async () => {
    const archive = await open();
    const run = await archive.create(
      { model: 'synface-64', preset: 'cpu', source: 'face.png', phaseCount: 6 },
      input(),
      1000,
    );
    expect(run).toMatchObject({ status: 'running', phasesDone: 0, reached: null, size: S, createdAt: 1000 });
    await archive.phaseDone(run.id, 0, snapshot(0, 'inversion', 20), 2000);
    const after = await archive.phaseDone(run.id, 1, snapshot(0, 'prior', 100), 3000);
    expect(after).toMatchObject({ phasesDone: 2, reached: { stage: 0, step: 'prior' }, updatedAt: 3000 });
    expect(after.bytes).toBeGreaterThan(run.bytes);
    const parts = await archive.parts(run.id);
    expect(Array.from(parts.input.image)).toEqual(Array.from(input().image));
    expect(parts.snapshots.map((s) => `${s.step}@${s.iteration}`)).toEqual(['inversion@20', 'prior@100']);
    expect(parts.snapshots[1].depth).toBeInstanceOf(Float32Array);
    const done = await archive.finish(run.id, 'done', undefined, 4000);
    expect(done.status).toBe('done');
    archive.close();
  });

  it('lists newest first without reading maps, and keeps phase order past nine phases', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', source: 'a', phaseCount: 12 }, input(), 10);
    const b = await archive.create({ model: 'm', preset: 'test', source: 'b', phaseCount: 12 }, input(), 20);
    for (const i of [10, 2, 0, 11, 1]) await archive.phaseDone(a.id, i, snapshot(1, 'step3', i));
    expect((await archive.list()).map((r) => r.source)).toEqual(['b', 'a']);
    expect((await archive.parts(a.id)).snapshots.map((s) => s.iteration)).toEqual([0, 1, 2, 10, 11]);
    expect((await archive.parts(b.id)).snapshots).toEqual([]);
    archive.close();
  });

  it('deleting a run removes its record and every part, leaving the others', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', source: 'a', phaseCount: 2 }, input());
    const b = await archive.create({ model: 'm', preset: 'test', source: 'b', phaseCount: 2 }, input());
    await archive.phaseDone(a.id, 0, snapshot(0, 'prior', 5));
    await archive.phaseDone(b.id, 0, snapshot(0, 'prior', 5));
    await archive.delete(a.id);
    expect((await archive.list()).map((r) => r.id)).toEqual([b.id]);
    await expect(archive.parts(a.id)).rejects.toMatchObject({ reason: 'missing' });
    await expect(archive.phaseDone(a.id, 1, snapshot(1, 'step1', 1))).rejects.toMatchObject({ reason: 'missing' });
    expect((await archive.parts(b.id)).snapshots).toHaveLength(1);
    archive.close();
  });

  it('marks runs left running by a closed page as failed, with why', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', source: 'a', phaseCount: 2 }, input());
    const b = await archive.create({ model: 'm', preset: 'test', source: 'b', phaseCount: 2 }, input());
    await archive.finish(b.id, 'done');
    expect((await archive.markInterrupted()).map((r) => r.id)).toEqual([a.id]);
    const listed = await archive.list();
    expect(listed.find((r) => r.id === a.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/reloaded/),
    });
    expect(listed.find((r) => r.id === b.id)?.status).toBe('done');
    archive.close();
  });

  it('says why storage fails: full, unavailable, or no IndexedDB at all', async () => {
    expect(classify(new DOMException('quota', 'QuotaExceededError'), 'storing a snapshot')).toMatchObject({
      reason: 'full',
      message: expect.stringMatching(/full.*delete old runs/),
    });
    expect(classify(new DOMException('denied', 'SecurityError'), 'opening').reason).toBe('unavailable');
    await expect(RunArchive.open(undefined)).rejects.toBeInstanceOf(RunArchiveError);
    await expect(RunArchive.open(undefined)).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('makes an RGBA thumbnail of a CHW [-1, 1] image', () => {
    const t = thumbnailOf(Float32Array.from([-1, 1, 0, 0, 1, -1, 0, 0, 1, 1, -1, -1]), 2);
    expect(Array.from(t.subarray(0, 8))).toEqual([0, 255, 255, 255, 255, 0, 255, 255]);
  });
});
