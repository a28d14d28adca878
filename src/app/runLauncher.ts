/**
 * Starting a run in the page, from the start or from a stored run's checkpoint: one place for Start / Restart and
 * the "Resume from ..." offers (Past runs, the failure card, after a lost GPU device is restarted). It holds the
 * page's one MethodRun, records every run in the archive (a resumed one into its own stored run) and hands the
 * archive each checkpoint the run takes, and when the run finishes what its GAN path needs (E and w).
 */
import type { DecodedImage } from '../data/image/decode';
import type { EngineDevice } from '../engine/device';
import { finishedRunGanPath, type StoredGanPath } from '../gan2shape/manipulate/ganPathState';
import { validateCheckpoint } from '../gan2shape/method/checkpoint';
import { parseFault } from '../gan2shape/method/faultInjection';
import type { MethodRunner } from '../gan2shape/method/methodRunner';
import { PRESETS, type PresetName } from '../gan2shape/presets/presets';
import type { RunInput } from '../gan2shape/runner/input';
import type { Run } from '../gan2shape/runner/run';
import { type MethodRun, runnablePhases, start } from '../gan2shape/start';
import type { ResumePoint, StoredRun } from '../storage/runArchive';
import { useArchive } from './archiveStore';
import { backendFor } from './engineBackend';
import { methodModelFor, useModel } from './modelStore';
import { findSampleTruth, type SampleTruth } from './samples';
import { useSession } from './sessionStore';
import { releaseStoredGanPath } from './storedGanPath';

/** The seed of every run the page starts (stored with the run: a resume starts from the same one). */
export const RUN_SEED = 0;

let current: MethodRun | null = null;

/**
 * Stops the page's run, if any, and frees its nets (the Workspace going away: a lost device; another run opened
 * or started), and a reopened run's GAN path with them.
 */
export function releaseRun(): void {
  current?.release();
  current = null;
  releaseStoredGanPath();
}

/** releaseRun, then waits until the run has stopped and its nets are freed (before another model is uploaded). */
export async function releaseRunSettled(): Promise<void> {
  const method = current;
  releaseRun();
  await method?.run.finished;
}

/**
 * What a finished run keeps for its GAN path (the recorder calls it as the run says it is done, while the runner
 * is alive): E and w read back, or null for a run without a GAN or without step 2.
 */
function ganPathKeeper(method: MethodRun): () => Promise<StoredGanPath | null> {
  return () => finishedRunGanPath(method.runner.ganPathModel(), method.phases);
}

/**
 * The runner of the page's run when `run` is that run: it keeps the run's E, w and I_gan until the next run
 * starts (the GAN manipulation path renders with them); null for any other run (a reopened stored one).
 */
export function runnerOf(run: Run | null): MethodRunner | null {
  return run && current?.run === run ? current.runner : null;
}

/** `?fault=step:iteration` in the address makes a run blow up on purpose (the e2e fault tests). */
function faultFromAddress() {
  return parseFault(new URLSearchParams(window.location.search).get('fault'));
}

/** Starts a run of `preset` on the input from its first phase; throws when it cannot start (say why). */
export function startRun(engine: EngineDevice, input: RunInput, preset: PresetName): void {
  useSession.getState().run?.cancel();
  releaseRun();
  useArchive.getState().setCurrent(null);
  const backend = backendFor(engine);
  const model = useModel.getState().status;
  const methodModel = model.kind === 'ready' ? methodModelFor(backend, model.bundle, model.encoder) : null;
  // Kept in this browser as it goes (Past runs); storage problems never stop the run.
  const session = useSession.getState();
  const recorder = useArchive.getState().recordNew(input, {
    model: model.kind === 'ready' ? model.name : 'no model',
    preset,
    seed: RUN_SEED,
    source: session.source?.name ?? 'image',
    ...(session.truth && { sample: session.truth.file }),
  });
  current = start(backend, input, methodModel, PRESETS[preset], {
    seed: RUN_SEED,
    fault: faultFromAddress(),
    onCheckpoint: recorder.checkpoint,
  });
  useSession.getState().attachRun(current.run);
  recorder.follow(current.run, { ganPath: ganPathKeeper(current) });
}

/** How the page offers a stored checkpoint: stage 0 is the end of the prior fit. */
export function resumeLabel(point: Pick<ResumePoint, 'stage'>): string {
  return point.stage === 0 ? 'Resume from the end of the prior fit' : `Resume from the end of stage ${point.stage}`;
}

/** The stored input as the page's image (its thumbnail is the input at the run's size). */
export function storedSource(run: StoredRun, note: string): DecodedImage {
  return {
    image: { width: run.size, height: run.size, data: run.thumbnail },
    name: run.source,
    originalWidth: run.size,
    originalHeight: run.size,
    notes: [`${note} a run stored on ${new Date(run.createdAt).toLocaleString()}`],
  };
}

/**
 * The ground truth of the bundled sample a stored run was made from, or null: none, no longer bundled, or not
 * loadable (the run still opens, without it).
 */
export async function storedTruth(run: StoredRun): Promise<SampleTruth | null> {
  if (!run.sample) return null;
  try {
    return await findSampleTruth(run.sample);
  } catch {
    return null;
  }
}

/**
 * Goes on with a stored run from its checkpoint: the stored input, preset and seed, the model it was made with
 * (it must be the one loaded), recorded into the same stored run. The phases already done show their stored
 * snapshots. Throws an Error whose message says why it cannot (the page keeps what it shows then).
 */
export async function resumeStoredRun(engine: EngineDevice, stored: StoredRun): Promise<void> {
  const archive = useArchive.getState().archive;
  if (!archive) throw new Error("This browser's run storage is not open.");
  if (!stored.resumable) throw new Error('This run has no stored checkpoint to resume from.');
  const presetName = stored.preset as PresetName;
  const preset = PRESETS[presetName];
  if (!preset)
    throw new Error(`This run used the preset "${stored.preset}", which this app does not have; it can be reopened.`);
  const model = useModel.getState().status;
  if (model.kind !== 'ready' || model.name !== stored.model) {
    const loaded =
      model.kind === 'ready'
        ? `the page has "${model.name}" loaded`
        : model.kind === 'failed'
          ? `"${model.name}" could not be loaded`
          : `the model is still loading`;
    throw new Error(
      `This run needs the model "${stored.model}" to be resumed; ${loaded}. Choose it in the model menu.`,
    );
  }
  const [parts, checkpoint, truth] = await Promise.all([
    archive.parts(stored.id),
    archive.readCheckpoint(stored.id),
    storedTruth(stored),
  ]);
  if (!checkpoint) throw new Error('The stored checkpoint of this run is gone; it can be reopened.');
  const phases = runnablePhases(preset, true, parts.input.latent !== undefined);
  validateCheckpoint(checkpoint, phases);
  const fromPhase = checkpoint.nextPhase;
  const last = phases[fromPhase - 1];
  // The stored snapshots of the phases the checkpoint covers (a stopped attempt may have left later ones).
  const snapshots = parts.snapshots.filter(
    (s) => phases.findIndex((p) => p.stage === s.stage && p.step === s.step) < fromPhase,
  );

  useSession.getState().run?.cancel();
  releaseRun();
  const backend = backendFor(engine);
  const recorder = useArchive.getState().recordResumed(stored.id, fromPhase, { stage: last.stage, step: last.step });
  current = start(backend, parts.input, methodModelFor(backend, model.bundle, model.encoder), preset, {
    seed: stored.seed ?? RUN_SEED,
    fault: faultFromAddress(),
    resume: checkpoint,
    onCheckpoint: recorder.checkpoint,
  });
  useSession.getState().attachRun(current.run, {
    source: storedSource(stored, 'resumed from'),
    preset: presetName,
    snapshots,
    firstPhase: fromPhase,
    truth,
  });
  recorder.follow(current.run, { ganPath: ganPathKeeper(current) });
}
