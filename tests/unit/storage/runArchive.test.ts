import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GAN_PATH_STATE_VERSION, type StoredGanPath } from '../../../src/gan2shape/manipulate/ganPathState';
import { storedGanPathUnavailable } from '../../../src/gan2shape/manipulate/paths';
import { CHECKPOINT_VERSION, type MethodCheckpoint } from '../../../src/gan2shape/method/checkpoint';
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
function checkpoint(nextPhase: number, stage: number, scale: number): MethodCheckpoint {
  const values = (n: number) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) * scale + 1e-7);
  return {
    version: CHECKPOINT_VERSION,
    nextPhase,
    stage,
    nets: {
      depth: {
        'conv0.weight': { shape: [2, 1, 3, 3], data: values(18) },
        'conv0.bias': { shape: [2], data: values(2) },
      },
      light: { 'fc.weight': { shape: [4, 3], data: values(12) } },
    },
    latent: values(8),
    randomState: 0xdeadbeef,
  };
}
/** What a finished run keeps for its GAN path: E's weights and w (ganPathState.ts). */
function ganPath(scale: number): StoredGanPath {
  const values = (n: number) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) * scale + 1e-7);
  return {
    version: GAN_PATH_STATE_VERSION,
    size: 16,
    offsetLayers: 4,
    encoderWidth: 4,
    styleDim: 8,
    encoder: {
      'stem.weight': { shape: [4, 3, 4, 4], data: values(192) },
      'out.bias': { shape: [8], data: values(8) },
    },
    latent: values(8),
  };
}
let dbCount = 0;
const open = () => RunArchive.open(indexedDB, `test-${++dbCount}`);

describe('run archive (IndexedDB)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stores a run as it goes and gives back its input and the snapshots of its finished phases', async () => {
    const archive = await open();
    const run = await archive.create(
      { model: 'synface-64', preset: 'cpu', seed: 0, source: 'face.png', phaseCount: 6 },
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
    const done = await archive.finish(run.id, 'done', { now: 4000 });
    expect(done.status).toBe('done');
    archive.close();
  });

  it('keeps the bundled sample a run was made from, so its ground truth is found again', async () => {
    const archive = await open();
    const fields = { model: 'm', preset: 'test', seed: 0, source: 'Synthetic face 1', phaseCount: 2 };
    const run = await archive.create({ ...fields, sample: 'synface/synface_1000000_image.png' }, input());
    await archive.phaseDone(run.id, 0, snapshot(0, 'prior', 2));
    await archive.finish(run.id, 'done');
    const plain = await archive.create(fields, input());
    const listed = await archive.list();
    expect(listed.find((r) => r.id === run.id)?.sample).toBe('synface/synface_1000000_image.png');
    expect(listed.find((r) => r.id === plain.id)?.sample).toBeUndefined();
    archive.close();
  });

  it('lists newest first without reading maps, and keeps phase order past nine phases', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 12 }, input(), 10);
    const b = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'b', phaseCount: 12 }, input(), 20);
    for (const i of [10, 2, 0, 11, 1]) await archive.phaseDone(a.id, i, snapshot(1, 'step3', i));
    expect((await archive.list()).map((r) => r.source)).toEqual(['b', 'a']);
    expect((await archive.parts(a.id)).snapshots.map((s) => s.iteration)).toEqual([0, 1, 2, 10, 11]);
    expect((await archive.parts(b.id)).snapshots).toEqual([]);
    archive.close();
  });

  it('deleting a run removes its record and every part, leaving the others', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 2 }, input());
    const b = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'b', phaseCount: 2 }, input());
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
    const a = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 2 }, input());
    const b = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'b', phaseCount: 2 }, input());
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

  it('keeps the latest checkpoint with typed arrays, says where a resume starts, and drops it when done', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 7, source: 'a', phaseCount: 10 }, input());
    expect(run.resumable).toBeNull();
    expect(await archive.readCheckpoint(run.id)).toBeNull();
    const first = await archive.saveCheckpoint(run.id, checkpoint(2, 0, 0.5));
    expect(first.resumable).toMatchObject({ nextPhase: 2, stage: 0, version: CHECKPOINT_VERSION });
    const second = await archive.saveCheckpoint(run.id, checkpoint(6, 1, 0.25));
    // overwritten, not added: the stored size grows by nothing (same shapes)
    expect(second.bytes).toBe(first.bytes);
    const [listed] = await archive.list();
    expect(listed).toMatchObject({ seed: 7, resumable: { nextPhase: 6, stage: 1 } });

    const back = await archive.readCheckpoint(run.id);
    const want = checkpoint(6, 1, 0.25);
    expect(back).not.toBeNull();
    if (!back) return;
    expect({ ...back, nets: undefined, latent: undefined }).toEqual({ ...want, nets: undefined, latent: undefined });
    expect(back.latent).toBeInstanceOf(Float32Array);
    expect(back.latent).toEqual(want.latent);
    const depth = back.nets.depth?.['conv0.weight'];
    expect(depth?.data).toBeInstanceOf(Float32Array);
    expect(depth?.shape).toEqual([2, 1, 3, 3]);
    expect(Array.from(depth?.data ?? [])).toEqual(Array.from(want.nets.depth?.['conv0.weight'].data ?? []));
    expect(back.nets.light?.['fc.weight'].data).toEqual(want.nets.light?.['fc.weight'].data);

    // a stopped run keeps it; a finished one needs none
    expect((await archive.finish(run.id, 'failed', { error: 'device lost' })).resumable).toMatchObject({
      nextPhase: 6,
    });
    const done = await archive.finish(run.id, 'done');
    expect(done.resumable).toBeNull();
    expect(done.error).toBeUndefined();
    expect(await archive.readCheckpoint(run.id)).toBeNull();
    archive.close();
  });

  it('a finished run keeps its GAN path (E and w, typed arrays) in place of its checkpoint; deleted with the run', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 10 }, input());
    expect(run.ganPath).toBeNull();
    const withCheckpoint = await archive.saveCheckpoint(run.id, checkpoint(6, 1, 0.5));
    // A stopped run keeps no GAN path (only its checkpoint), whatever it is handed.
    const stopped = await archive.finish(run.id, 'failed', { error: 'device lost', ganPath: ganPath(1) });
    expect(stopped.ganPath).toBeNull();
    expect(await archive.readGanPath(run.id)).toBeNull();

    const kept = ganPath(0.25);
    const done = await archive.finish(run.id, 'done', { ganPath: kept });
    expect(done).toMatchObject({ status: 'done', resumable: null, ganPath: { version: GAN_PATH_STATE_VERSION } });
    expect(await archive.readCheckpoint(run.id)).toBeNull();
    // The checkpoint's bytes go, the GAN path's come: it is the smaller of the two (one net of five).
    const ganBytes = done.ganPath?.bytes ?? 0;
    expect(ganBytes).toBeGreaterThan(200 * 4);
    expect(done.bytes).toBe(withCheckpoint.bytes - (withCheckpoint.resumable?.bytes ?? 0) + ganBytes);
    const [listed] = await archive.list();
    expect(listed.ganPath).toEqual(done.ganPath);

    const back = await archive.readGanPath(run.id);
    expect(back).not.toBeNull();
    if (!back) return;
    expect(back.latent).toBeInstanceOf(Float32Array);
    expect(back.latent).toEqual(kept.latent);
    expect(back.encoder['stem.weight'].data).toBeInstanceOf(Float32Array);
    expect(back.encoder['stem.weight']).toEqual(kept.encoder['stem.weight']);
    expect({ ...back, encoder: undefined, latent: undefined }).toEqual({
      ...kept,
      encoder: undefined,
      latent: undefined,
    });

    // Finishing again (a resumed run's end) replaces it; without one, none is left.
    const again = await archive.finish(run.id, 'done', { ganPath: ganPath(2) });
    expect(again.bytes).toBe(done.bytes);
    expect((await archive.readGanPath(run.id))?.latent).toEqual(ganPath(2).latent);
    const none = await archive.finish(run.id, 'done');
    expect(none.ganPath).toBeNull();
    expect(none.bytes).toBe(done.bytes - ganBytes);
    expect(await archive.readGanPath(run.id)).toBeNull();

    await archive.finish(run.id, 'done', { ganPath: kept });
    await archive.delete(run.id);
    expect(await archive.readGanPath(run.id)).toBeNull();
    archive.close();
  });

  it('resuming a finished run drops its GAN path: it no longer matches the run that goes on', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 6 }, input());
    const done = await archive.finish(run.id, 'done', { ganPath: ganPath(1) });
    const resumed = await archive.markResumed(run.id, 2, { stage: 0, step: 'prior' });
    expect(resumed.ganPath).toBeNull();
    expect(resumed.bytes).toBe(done.bytes - (done.ganPath?.bytes ?? 0));
    expect(await archive.readGanPath(run.id)).toBeNull();
    archive.close();
  });

  it('a GAN path the storage refuses as over quota is "full" and leaves the run as it was', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 6 }, input());
    await archive.saveCheckpoint(run.id, checkpoint(2, 0, 1));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { name?: string }).name === 'gan-path')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    await expect(archive.finish(run.id, 'done', { ganPath: ganPath(1) })).rejects.toMatchObject({ reason: 'full' });
    vi.restoreAllMocks();
    const [listed] = await archive.list();
    expect(listed).toMatchObject({ status: 'running', ganPath: null, resumable: { nextPhase: 2 } });
    expect(await archive.readCheckpoint(run.id)).not.toBeNull();
    archive.close();
  });

  it('a run stored before finished runs kept their GAN path opens as before, and says it has none', async () => {
    const name = `test-${++dbCount}`;
    // The archive as the app wrote it before: same stores, a record without `ganPath`, no 'gan-path' part.
    (await RunArchive.open(indexedDB, name)).close();
    const old = {
      id: 'run-old',
      createdAt: 5,
      updatedAt: 6,
      model: 'synface-64',
      preset: 'test',
      seed: 0,
      source: 'face.png',
      size: S,
      status: 'done',
      phaseCount: 2,
      phasesDone: 2,
      reached: { stage: 1, step: 'step3' },
      thumbnail: thumbnailOf(input().image, S),
      bytes: 1000,
      resumable: null,
    };
    await new Promise<void>((done, fail) => {
      const request = indexedDB.open(name, 1);
      request.onerror = () => fail(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(['runs', 'parts'], 'readwrite');
        tx.objectStore('runs').put(old);
        tx.objectStore('parts').put({ runId: old.id, name: 'input', value: input() });
        tx.objectStore('parts').put({ runId: old.id, name: 'phase:1', value: snapshot(1, 'step3', 2) });
        tx.oncomplete = () => {
          db.close();
          done();
        };
        tx.onerror = () => fail(tx.error);
      };
    });
    const archive = await RunArchive.open(indexedDB, name);
    const [listed] = await archive.list();
    expect(listed.id).toBe('run-old');
    expect('ganPath' in listed).toBe(false);
    expect((await archive.parts(listed.id)).snapshots).toHaveLength(1);
    expect(await archive.readGanPath(listed.id)).toBeNull();
    const reason = storedGanPathUnavailable({
      status: listed.status,
      kept: listed.ganPath,
      runModel: listed.model,
      loaded: { kind: 'ready', name: 'synface-64' },
    });
    expect(reason).toMatch(/stored before finished runs kept their GAN path/);
    archive.close();
  });

  it('a resumed run is running again and drops the phases its stopped attempt left after the checkpoint', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 6 }, input());
    for (const i of [0, 1, 2, 3]) await archive.phaseDone(run.id, i, snapshot(i < 2 ? 0 : 1, 'step1', i));
    await archive.saveCheckpoint(run.id, checkpoint(2, 0, 1));
    await archive.finish(run.id, 'failed', { error: 'the page was closed or reloaded during the run' });
    const resumed = await archive.markResumed(run.id, 2, { stage: 0, step: 'prior' });
    expect(resumed).toMatchObject({ status: 'running', phasesDone: 2, reached: { stage: 0, step: 'prior' } });
    expect(resumed.error).toBeUndefined();
    expect((await archive.parts(run.id)).snapshots.map((s) => s.iteration)).toEqual([0, 1]);
    expect(await archive.readCheckpoint(run.id)).not.toBeNull();
    archive.close();
  });

  it('deleting a run deletes its checkpoint', async () => {
    const archive = await open();
    const a = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 6 }, input());
    const b = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'b', phaseCount: 6 }, input());
    await archive.saveCheckpoint(a.id, checkpoint(2, 0, 1));
    await archive.saveCheckpoint(b.id, checkpoint(2, 0, 1));
    await archive.delete(a.id);
    expect(await archive.readCheckpoint(a.id)).toBeNull();
    expect(await archive.readCheckpoint(b.id)).not.toBeNull();
    await expect(archive.saveCheckpoint(a.id, checkpoint(2, 0, 1))).rejects.toMatchObject({ reason: 'missing' });
    archive.close();
  });

  it('a checkpoint the storage refuses as over quota is "full" and leaves the previous one and the record', async () => {
    const archive = await open();
    const run = await archive.create({ model: 'm', preset: 'test', seed: 0, source: 'a', phaseCount: 10 }, input());
    await archive.saveCheckpoint(run.id, checkpoint(2, 0, 1));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if ((value as { name?: string }).name === 'checkpoint')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const failed = archive.saveCheckpoint(run.id, checkpoint(6, 1, 1));
    await expect(failed).rejects.toBeInstanceOf(RunArchiveError);
    await expect(failed).rejects.toMatchObject({
      reason: 'full',
      message: expect.stringMatching(/full \(storing a checkpoint\).*delete old runs/),
    });
    vi.restoreAllMocks();
    const [listed] = await archive.list();
    expect(listed.resumable).toMatchObject({ nextPhase: 2, stage: 0 });
    expect((await archive.readCheckpoint(run.id))?.nextPhase).toBe(2);
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
