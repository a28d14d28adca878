/**
 * The GAN path of a reopened stored run (src/app/storedGanPath.ts), on the float64 reference engine with the
 * golden tiny bundle: a finished run recorded through the archive store keeps E and w; reopened with its model
 * loaded, the rebuilt GAN path renders what the live runner rendered; with another model it says which one it
 * needs and is rebuilt once that model is back; releasing it frees every tensor it made. And the reasons a stored
 * run gives when it cannot have one.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useArchive } from '../../../src/app/archiveStore';
import { methodModelFor, type ReadyModel, useModel } from '../../../src/app/modelStore';
import { openStoredGanPath, releaseStoredGanPath, useStoredGanPath } from '../../../src/app/storedGanPath';
import { centerCrop } from '../../../src/data/image/crop';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { liveTensorCount } from '../../../src/engine/tensor';
import type { ModelBundle } from '../../../src/gan/bundle';
import { renderGanView } from '../../../src/gan2shape/manipulate/ganPath';
import { finishedRunGanPath, GAN_PATH_STATE_VERSION } from '../../../src/gan2shape/manipulate/ganPathState';
import { type StoredGanPathFacts, storedGanPathUnavailable } from '../../../src/gan2shape/manipulate/paths';
import { PRESETS } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput, type RunInput } from '../../../src/gan2shape/runner/input';
import type { Snapshot } from '../../../src/gan2shape/runner/types';
import { type MethodRun, start } from '../../../src/gan2shape/start';
import type { StoredRun } from '../../../src/storage/runArchive';
import { compareArrays } from '../../tolerance';
import { goldenBundle } from '../gan/engine-d/goldenBundle';

describe('why a stored run has no GAN path', () => {
  const ok: StoredGanPathFacts = {
    status: 'done',
    kept: { version: GAN_PATH_STATE_VERSION },
    runModel: 'synface-64',
    loaded: { kind: 'ready', name: 'synface-64' },
  };
  it('none when it kept E and w and its model is loaded', () => {
    expect(storedGanPathUnavailable(ok)).toBeNull();
  });
  it('says why otherwise', () => {
    expect(storedGanPathUnavailable({ ...ok, runModel: 'no model' })).toMatch(/no GAN model/);
    expect(storedGanPathUnavailable({ ...ok, kept: undefined })).toMatch(/stored before finished runs kept/);
    expect(storedGanPathUnavailable({ ...ok, kept: null })).toMatch(/was not kept/);
    expect(storedGanPathUnavailable({ ...ok, kept: null, status: 'failed' })).toMatch(/Only a finished run.*resume/);
    expect(storedGanPathUnavailable({ ...ok, kept: { version: 99 } })).toMatch(/format 99; this app reads 1/);
    expect(storedGanPathUnavailable({ ...ok, loaded: { kind: 'ready', name: 'other' } })).toBe(
      'The GAN path of this run needs the model "synface-64" it was made with; the page has "other" loaded: ' +
        'choose "synface-64" in the model menu.',
    );
    expect(storedGanPathUnavailable({ ...ok, loaded: { kind: 'loading', name: 'synface-64' } })).toMatch(
      /still loading/,
    );
    expect(storedGanPathUnavailable({ ...ok, loaded: { kind: 'failed', name: 'synface-64' } })).toMatch(
      /no model is loaded/,
    );
  });
});

const S = 16;
const PRESET = {
  ...PRESETS.test,
  imageSize: S,
  widthScale: 1 / 32,
  priorIterations: 3,
  inversionIterations: 2,
  firstStage: [2, 2, 2] as [number, number, number],
  snapshotEvery: 100,
};

function runInput(): RunInput {
  const size = 24;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([120 + (i % 90), 100 + (i % 13) * 5, 80, 255], i * 4);
  return prepareRunInput(
    { width: size, height: size, data },
    centerCrop(size, size),
    {
      cx: 0.5,
      cy: 0.5,
      rx: 0.35,
      ry: 0.42,
    },
    S,
  );
}

function ready(bundle: ModelBundle, name = bundle.name): { kind: 'ready' } & ReadyModel {
  return {
    kind: 'ready',
    id: name,
    name,
    origin: 'folder',
    bundle,
    encoder: null,
    card: null,
    category: 'face',
    categoryDeclared: false,
  };
}

describe('a reopened finished run keeps its GAN path', () => {
  const backend = new CpuBackend();
  const input = runInput();
  let bundle: ModelBundle;
  let started: MethodRun;
  let last: Snapshot;
  let stored: StoredRun;
  const view = [0.05, 0.35, 0, 0, 0, 0];
  const light = [0.8, 0.4, 0.3, -0.2];

  beforeAll(async () => {
    await useArchive.getState().open(indexedDB);
    bundle = await goldenBundle();
    useModel.setState({ status: ready(bundle) });
    started = start(backend, input, methodModelFor(backend, bundle, null), PRESET, { seed: 3 });
    const recorder = useArchive
      .getState()
      .recordNew(input, { model: bundle.name, preset: 'test', seed: 3, source: 'x' });
    recorder.follow(started.run, {
      ganPath: () => finishedRunGanPath(started.runner.ganPathModel(), started.phases),
    });
    started.run.subscribe((e) => {
      if (e.type === 'snapshot') last = e.snapshot;
    });
    expect(await started.run.finished).toBe('done');
    await vi.waitFor(() => {
      const run = useArchive.getState().runs.find((r) => r.source === 'x');
      expect(run?.status).toBe('done');
      expect(useArchive.getState().recording).toBeNull();
    });
    stored = useArchive.getState().runs.find((r) => r.source === 'x') as StoredRun;
  }, 120_000);
  afterAll(() => {
    releaseStoredGanPath();
    started?.release();
  });

  it('the finished run is stored with E and w, not its checkpoint', async () => {
    expect(stored).toMatchObject({ resumable: null, ganPath: { version: GAN_PATH_STATE_VERSION } });
    const kept = await useArchive.getState().archive?.readGanPath(stored.id);
    expect(kept?.size).toBe(S);
    expect(kept?.latent.length).toBe(bundle.config.style_dim);
    expect(Object.keys(kept?.encoder ?? {})).toEqual(
      started.runner
        .ganPathModel()
        ?.encoder.namedParameters()
        .map(([name]) => name),
    );
  });

  it('rebuilt with its model, it renders what the live runner rendered', async () => {
    const archive = useArchive.getState().archive;
    if (!archive || !last.albedo) throw new Error('no archive or albedo');
    const live = started.runner.ganPathModel();
    if (!live) throw new Error('the live runner has no GAN path');
    const want = await renderGanView(live, last.depth, last.albedo, view, light);

    const before = liveTensorCount();
    await openStoredGanPath(backend, archive, stored, input.image);
    expect(useStoredGanPath.getState()).toMatchObject({ runId: stored.id, status: { state: 'ready' } });
    const model = useStoredGanPath.getState().model;
    if (!model) throw new Error('not rebuilt');
    // I_gan = G(w) is recomputed, not stored: the same image and PSNR as the run's.
    const liveGan = await live.latent.ganImage.read();
    expect(compareArrays(await model.latent.ganImage.read(), liveGan, { atol: 1e-5, rtol: 0 }).ok).toBe(true);
    expect(model.latent.psnr).toBeCloseTo(live.latent.psnr, 3);
    const got = await renderGanView(model, last.depth, last.albedo, view, light);
    // The stored weights are float32; the reference engine computes in float64.
    const image = compareArrays(got.image, want.image, { atol: 1e-5, rtol: 0 });
    expect(image.ok, image.report).toBe(true);
    expect(compareArrays(got.warped, want.warped, { atol: 1e-6, rtol: 0 }).ok).toBe(true);
    // And the render moved away from I_gan: the comparison is not between two blank images.
    expect(compareArrays(got.image, liveGan, { atol: 1e-3, rtol: 0 }).ok).toBe(false);

    releaseStoredGanPath();
    expect(useStoredGanPath.getState()).toMatchObject({ runId: null, status: null, model: null });
    expect(liveTensorCount()).toBe(before);
  });

  it('with another model loaded it says which it needs, and is rebuilt once that model is back', async () => {
    const archive = useArchive.getState().archive;
    if (!archive) throw new Error('no archive');
    useModel.setState({ status: ready(bundle, 'another-model') });
    await openStoredGanPath(backend, archive, stored, input.image);
    expect(useStoredGanPath.getState().status).toEqual({
      state: 'unavailable',
      reason: expect.stringMatching(/needs the model "golden-tiny-64".*"another-model" loaded/),
    });
    useModel.setState({
      status: { kind: 'loading', id: bundle.name, name: bundle.name, progress: null, category: null },
    });
    expect(useStoredGanPath.getState().status).toMatchObject({ reason: expect.stringMatching(/still loading/) });
    useModel.setState({ status: ready(bundle) });
    await vi.waitFor(() => expect(useStoredGanPath.getState().status).toEqual({ state: 'ready' }));
    expect(useStoredGanPath.getState().model).not.toBeNull();
    releaseStoredGanPath();
  });

  it('a stored GAN path that does not fit the model says so', async () => {
    const archive = useArchive.getState().archive;
    if (!archive) throw new Error('no archive');
    const kept = await archive.readGanPath(stored.id);
    if (!kept) throw new Error('none kept');
    vi.spyOn(archive, 'readGanPath').mockResolvedValueOnce({ ...kept, latent: kept.latent.slice(1) });
    const before = liveTensorCount();
    await openStoredGanPath(backend, archive, stored, input.image);
    expect(useStoredGanPath.getState().status).toEqual({
      state: 'unavailable',
      reason: expect.stringMatching(/cannot be rebuilt: its w has 15 values .* the model's w has 16/),
    });
    expect(liveTensorCount()).toBe(before);
    releaseStoredGanPath();
  });
});
