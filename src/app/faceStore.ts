/**
 * Faces found for the user: when the page opens a photo (a dropped or picked file, a bundled photo), the face
 * detector (face/humanDetector.ts, loaded on first use) looks for faces; the largest is placed as the crop and
 * the oval mask (src/data/face), the others can be picked. No face, or a detector that cannot run: the page says
 * so and keeps the manual centred crop and ellipse. A detection that ends after the image changed, or after a run
 * started, places nothing (a run's input never moves under it).
 */
import { create } from 'zustand';
import { faceCrop } from '../data/face/cropRule';
import { ovalPoints } from '../data/face/faceMesh';
import { ovalEllipse, unitOval } from '../data/face/ovalMask';
import { largestFace } from '../data/face/selectFace';
import { sourceToCrop } from '../data/image/cropFrame';
import type { DecodedImage } from '../data/image/decode';
import { type DetectedFace, type LoadStage, loadFaceDetector } from './face/humanDetector';
import { activeModelCategory } from './modelStore';
import { useSession } from './sessionStore';

export type FaceSearchStatus = 'idle' | 'loading' | 'detecting' | 'found' | 'none' | 'failed';

interface FaceState {
  status: FaceSearchStatus;
  /** While the detector loads: which part. */
  stage: LoadStage | null;
  /** The image the faces were found in. */
  source: DecodedImage | null;
  faces: DetectedFace[];
  /** The face placed as crop and mask (-1: none, the manual crop). */
  chosen: number;
  /** Why the detector could not run. */
  message: string | null;
  /** The tfjs backend the detector runs on, once loaded. */
  backend: string | null;
  /** Places face `index` as the crop and the mask. */
  choose: (index: number) => void;
  /** Goes back to the manual centred crop and ellipse, keeping the faces on offer. */
  manual: () => void;
}

/** Places a face: the rule's crop, the oval in crop coordinates on its own ellipse. */
function place(face: DetectedFace): void {
  const crop = faceCrop(face.mesh);
  const oval = ovalPoints(face.mesh).map((p) => sourceToCrop(crop, p));
  useSession.getState().placeFace(crop, ovalEllipse(oval), unitOval(oval));
}

/** Whether the page still shows `source` and nothing has started on it. */
function stillEditable(source: DecodedImage): boolean {
  const s = useSession.getState();
  return s.source === source && s.runState === 'idle';
}

export const useFaces = create<FaceState>((set, get) => ({
  status: 'idle',
  stage: null,
  source: null,
  faces: [],
  chosen: -1,
  message: null,
  backend: null,
  choose(index) {
    const { faces, source } = get();
    if (!source || !faces[index] || useSession.getState().source !== source) return;
    place(faces[index]);
    set({ chosen: index });
  },
  manual() {
    useSession.getState().placeManual();
    set({ chosen: -1 });
  },
}));

let generation = 0;

/** A search that has not ended by then is given up (Start waits for the search, so it must end). */
const SEARCH_TIMEOUT_MS = 90_000;

/** `work`, or an error once `ms` have passed (the timer is cleared either way). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function search(source: DecodedImage): Promise<void> {
  const mine = ++generation;
  const current = () => mine === generation;
  useFaces.setState({ status: 'loading', stage: null, source, faces: [], chosen: -1, message: null });
  try {
    const faces = await withTimeout(
      (async () => {
        const detector = await loadFaceDetector((stage) => current() && useFaces.setState({ stage }));
        if (current()) useFaces.setState({ status: 'detecting', stage: null, backend: detector.backend });
        return detector.detect(source.image);
      })(),
      SEARCH_TIMEOUT_MS,
    );
    if (!current()) return;
    if (!faces.length) {
      useFaces.setState({ status: 'none' });
      return;
    }
    const chosen = largestFace(faces);
    useFaces.setState({ status: 'found', faces, chosen: stillEditable(source) ? chosen : -1 });
    if (stillEditable(source)) place(faces[chosen]);
  } catch (err) {
    if (!current()) return;
    const message = err instanceof Error ? err.message : String(err);
    useFaces.setState({ status: 'failed', stage: null, message });
  }
}

/** Faces are looked for only for models of faces (the synthetic ones included): not for a car or church model. */
function modelTakesFaces(): boolean {
  const category = activeModelCategory();
  return category === 'face' || category === 'synface';
}

// A new image: look for faces in it when it is one to search (a photo), else forget the last image's faces.
useSession.subscribe((state, previous) => {
  if (state.source === previous.source) return;
  if (state.source && state.faceSearch && modelTakesFaces()) void search(state.source);
  else if (useFaces.getState().status !== 'idle' || useFaces.getState().source) {
    generation++;
    useFaces.setState({ status: 'idle', stage: null, source: null, faces: [], chosen: -1, message: null });
  }
});
