/**
 * The page's state: the image and how it is cropped/masked, the run and what it reported, and the
 * manipulation sliders. Heavy arrays (snapshots) are stored by reference; the 3D view reads them through
 * zustand's transient subscribe, never through React renders.
 */
import { create } from 'zustand';
import type { Point } from '../data/face/faceMesh';
import { type CropBox, centerCrop, clampCrop } from '../data/image/crop';
import { type DecodedImage, decodeImageFile } from '../data/image/decode';
import { ImageInputError } from '../data/image/errors';
import { clampEllipse, DEFAULT_FACE_ELLIPSE, type MaskEllipse } from '../data/mask/ellipse';
import { type Manipulation, NEUTRAL_MANIPULATION } from '../gan2shape/manipulate/meshPath';
import { PRESETS, type PresetName } from '../gan2shape/presets/presets';
import type { Run } from '../gan2shape/runner/run';
import type { Progress, PseudoSampleSnapshot, RunState, Snapshot, StepKind } from '../gan2shape/runner/types';
import { phaseLabel } from './phaseLabel';
import type { SampleTruth } from './samples';

export interface LossPoint {
  x: number;
  total: number;
  stage: number;
  step: StepKind;
  /** Every term the step read back (total included). */
  terms: Record<string, number>;
  label: string;
}

/** Where in the run a view of a snapshot comes from. */
export interface SnapshotOrigin {
  stage: number;
  step: StepKind;
  iteration: number;
  /** The image size of the arrays. */
  size: number;
}

/** The input's GAN inversion I_gan and its PSNR vs the input, from the latest snapshot that carried it. */
export interface GanView extends SnapshotOrigin {
  image: Float32Array;
  psnr: number;
}

/** Pseudo samples beside their projections, from the latest step-2 / collect snapshot (`updates` counts them). */
export interface PseudoView extends SnapshotOrigin {
  samples: PseudoSampleSnapshot;
  updates: number;
}

/** What the page shows of a stored run that goes on from its checkpoint before its first new event. */
export interface ResumedRun {
  source: DecodedImage;
  preset: PresetName;
  snapshots: Snapshot[];
  firstPhase: number;
  /** The ground truth of the bundled sample the stored run was made from, when it is found again. */
  truth?: SampleTruth | null;
}

interface SessionState {
  source: DecodedImage | null;
  loading: boolean;
  error: string | null;
  crop: CropBox | null;
  ellipse: MaskEllipse;
  /**
   * The ground truth a bundled synthetic sample carries (null for any other image): its mask is the method's
   * object mask in place of the ellipse (the crop then stays the whole image, which is what the ground truth
   * covers) and its depth is scored against every snapshot.
   */
  truth: SampleTruth | null;
  /**
   * Whether the page looks for faces in this image (faceStore.ts): a dropped file or a bundled photo, not a
   * synthetic sample (it brings its mask) and not a stored run's input (already cropped).
   */
  faceSearch: boolean;
  /**
   * A detected face's oval (src/data/face/ovalMask.ts, relative to `ellipse`, which the editor moves and
   * stretches): the object mask is then that oval with its ring, in the `face` category; null: the plain ellipse.
   */
  faceOval: Point[] | null;
  preset: PresetName;
  run: Run | null;
  runState: RunState | 'idle';
  runError: string | null;
  progress: Progress | null;
  snapshot: Snapshot | null;
  snapshotCount: number;
  /** Kept across snapshots that do not carry them (the prior fit's, step 3's). */
  gan: GanView | null;
  pseudo: PseudoView | null;
  losses: LossPoint[];
  /** Index of the run's first phase: a run resumed from a checkpoint starts past the phases already done. */
  firstPhase: number;
  manipulation: Manipulation;

  /** Opens an image; `truth` when it is a bundled sample with ground truth (else the image has none). */
  loadFile: (file: Blob, name?: string, truth?: SampleTruth | null) => Promise<boolean>;
  loadUrl: (url: string, name: string, truth?: SampleTruth | null) => Promise<boolean>;
  setCrop: (crop: CropBox) => void;
  setEllipse: (ellipse: MaskEllipse) => void;
  /** Places a detected face: its crop (turned, maybe padded), its oval and the oval's ellipse. */
  placeFace: (crop: CropBox, ellipse: MaskEllipse, oval: Point[]) => void;
  /** Back to the manual crop and ellipse (no face found, or the user's choice). */
  placeManual: () => void;
  setPreset: (preset: PresetName) => void;
  /**
   * Follows a run's events. A run resumed from a stored checkpoint brings its stored image and preset, the
   * closing snapshots of the phases already done (shown first) and the index of its first phase.
   */
  attachRun: (run: Run, resumed?: ResumedRun) => void;
  /** A run that could not even start (e.g. the model's weights did not fit on the device): say why. */
  failStart: (message: string) => void;
  /**
   * Shows a stored run: its input as the image, its phases' closing snapshots in order, how it ended, and the
   * ground truth of the sample it was made from when there is one.
   */
  showStored: (
    source: DecodedImage,
    snapshots: Snapshot[],
    state: RunState,
    error?: string,
    truth?: SampleTruth | null,
  ) => void;
  setManipulation: (patch: Partial<Manipulation>) => void;
  resetManipulation: () => void;
  clearError: () => void;
}

/** What a run reports, cleared when a new image or a new run starts. */
const NO_RESULTS = {
  runError: null,
  progress: null,
  snapshot: null,
  snapshotCount: 0,
  gan: null,
  pseudo: null,
  losses: [] as LossPoint[],
  firstPhase: 0,
};

/** The state a snapshot leads to: it replaces the latest snapshot and, when it carries them, I_gan and the pseudo samples. */
export function applySnapshot(
  state: Pick<SessionState, 'snapshotCount' | 'gan' | 'pseudo'>,
  snapshot: Snapshot,
): Pick<SessionState, 'snapshot' | 'snapshotCount' | 'gan' | 'pseudo'> {
  const origin: SnapshotOrigin = {
    stage: snapshot.stage,
    step: snapshot.step,
    iteration: snapshot.iteration,
    size: snapshot.size,
  };
  const gan =
    snapshot.ganImage && snapshot.ganPsnr !== undefined
      ? { ...origin, image: snapshot.ganImage, psnr: snapshot.ganPsnr }
      : state.gan;
  const pseudo = snapshot.pseudo
    ? { ...origin, samples: snapshot.pseudo, updates: (state.pseudo?.updates ?? 0) + 1 }
    : state.pseudo;
  return { snapshot, snapshotCount: state.snapshotCount + 1, gan, pseudo };
}

/** The state a stored run's snapshots lead to, applied in order. */
function applyStored(snapshots: Snapshot[]): Pick<SessionState, 'snapshot' | 'snapshotCount' | 'gan' | 'pseudo'> {
  let shown: Pick<SessionState, 'snapshot' | 'snapshotCount' | 'gan' | 'pseudo'> = {
    snapshot: null,
    snapshotCount: 0,
    gan: null,
    pseudo: null,
  };
  for (const snapshot of snapshots) shown = applySnapshot(shown, snapshot);
  return shown;
}

export const useSession = create<SessionState>((set, get) => ({
  source: null,
  loading: false,
  error: null,
  crop: null,
  ellipse: DEFAULT_FACE_ELLIPSE,
  truth: null,
  faceSearch: false,
  faceOval: null,
  preset: 'test',
  run: null,
  runState: 'idle',
  ...NO_RESULTS,
  manipulation: NEUTRAL_MANIPULATION,

  async loadFile(file, name = (file as File).name ?? 'image', truth = null) {
    set({ loading: true, error: null });
    try {
      const source = await decodeImageFile(file, name);
      get().run?.cancel();
      set({
        source,
        crop: centerCrop(source.image.width, source.image.height),
        ellipse: DEFAULT_FACE_ELLIPSE,
        truth,
        faceSearch: truth === null,
        faceOval: null,
        loading: false,
        run: null,
        runState: 'idle',
        ...NO_RESULTS,
      });
      return true;
    } catch (err) {
      // A bad file never replaces a good image already loaded: the previous work stays.
      const message = err instanceof ImageInputError ? err.message : `Could not open that file: ${String(err)}`;
      set({ loading: false, error: message });
      return false;
    }
  },

  async loadUrl(url, name, truth = null) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return get().loadFile(await response.blob(), name, truth);
    } catch (err) {
      set({ error: `Could not load the sample ${name}: ${String(err)}` });
      return false;
    }
  },

  setCrop(crop) {
    const source = get().source;
    // A sample's ground truth covers the whole image: its crop does not move.
    if (!source || get().truth) return;
    set({ crop: clampCrop(crop, source.image.width, source.image.height) });
  },
  setEllipse: (ellipse) => set({ ellipse: clampEllipse(ellipse) }),
  placeFace(crop, ellipse, oval) {
    if (!get().source || get().truth) return;
    set({ crop, ellipse, faceOval: oval });
  },
  placeManual() {
    const source = get().source;
    if (!source || get().truth) return;
    set({ crop: centerCrop(source.image.width, source.image.height), ellipse: DEFAULT_FACE_ELLIPSE, faceOval: null });
  },
  setPreset: (preset) => set({ preset: PRESETS[preset] ? preset : 'test' }),

  attachRun(run, resumed) {
    get().run?.cancel();
    set({
      run,
      runState: 'running',
      ...NO_RESULTS,
      ...(resumed && {
        source: resumed.source,
        crop: centerCrop(resumed.source.image.width, resumed.source.image.height),
        ellipse: DEFAULT_FACE_ELLIPSE,
        faceSearch: false,
        faceOval: null,
        truth: resumed.truth ?? null,
        preset: resumed.preset,
        firstPhase: resumed.firstPhase,
        ...applyStored(resumed.snapshots),
      }),
    });
    run.subscribe((event) => {
      if (get().run !== run) return;
      if (event.type === 'progress') {
        const p = event.progress;
        const total = p.losses.total;
        const losses =
          total === undefined || !p.lossesFresh
            ? get().losses
            : [
                ...get().losses,
                {
                  x: get().losses.length,
                  total,
                  stage: p.stage,
                  step: p.step,
                  terms: p.losses,
                  label: `${phaseLabel(p.stage, p.step)}, iteration ${p.lossesIteration}`,
                },
              ];
        set({ progress: p, losses });
      } else if (event.type === 'snapshot') {
        set(applySnapshot(get(), event.snapshot));
      } else {
        set({ runState: event.state, runError: event.error ?? null });
      }
    });
  },

  failStart: (message) => set({ run: null, runState: 'failed', ...NO_RESULTS, runError: message }),

  showStored(source, snapshots, state, error, truth = null) {
    get().run?.cancel();
    const shown = applyStored(snapshots);
    set({
      source,
      crop: centerCrop(source.image.width, source.image.height),
      truth,
      faceSearch: false,
      faceOval: null,
      run: null,
      ...NO_RESULTS,
      ...shown,
      // A stored run that never got past its input shows as not started.
      runState: snapshots.length ? state : 'idle',
      runError: error ?? null,
    });
  },

  setManipulation: (patch) => set({ manipulation: { ...get().manipulation, ...patch } }),
  resetManipulation: () => set({ manipulation: NEUTRAL_MANIPULATION }),
  clearError: () => set({ error: null }),
}));
