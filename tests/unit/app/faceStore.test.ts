// The face search of the page (src/app/faceStore.ts) with the detector replaced: what it places, when it places
// nothing, and that a late answer never moves a newer image's crop.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { faceCrop } from '../../../src/data/face/cropRule';
import type { DecodedImage } from '../../../src/data/image/decode';
import { constructFace, UPRIGHT } from '../data-face/landmarkSets';

type Face = { mesh: [number, number][]; score: number; box: [number, number, number, number] };
const detector = vi.hoisted(() => ({
  answer: (): Promise<Face[]> => Promise.resolve([]),
}));
vi.mock('../../../src/app/face/humanDetector', () => ({
  loadFaceDetector: async () => ({ backend: 'test', detect: () => detector.answer() }),
}));

const { useFaces } = await import('../../../src/app/faceStore');
const { useSession } = await import('../../../src/app/sessionStore');

function image(name: string): DecodedImage {
  const width = 400;
  const height = 300;
  return {
    image: { width, height, data: new Uint8ClampedArray(width * height * 4) },
    name,
    originalWidth: width,
    originalHeight: height,
    notes: [],
  };
}

const face = (mesh: [number, number][]): Face => ({ mesh, score: 0.9, box: [0, 0, 10, 10] });
const settled = () => vi.waitFor(() => expect(['found', 'none', 'failed']).toContain(useFaces.getState().status));

/** Opens `source` as loadFile does (a photo: the page looks for faces). */
function open(source: DecodedImage, faceSearch = true) {
  useSession.setState({
    source,
    crop: { x: 50, y: 0, size: 300 },
    faceSearch,
    faceOval: null,
    truth: null,
    runState: 'idle',
  });
}

describe('the face search', () => {
  beforeEach(() => {
    useSession.setState({ source: null, faceOval: null, runState: 'idle' });
  });

  it('places the largest face: its rule crop, its oval on the ellipse', async () => {
    const small = face(constructFace({ ...UPRIGHT, rx: 30, ry: 40, centre: [80, 80] }));
    const large = face(constructFace(UPRIGHT, 0.2));
    detector.answer = async () => [small, large];
    open(image('two.png'));
    await settled();
    expect(useFaces.getState()).toMatchObject({ status: 'found', chosen: 1, backend: 'test' });
    const s = useSession.getState();
    expect(s.crop).toEqual(faceCrop(large.mesh));
    expect(s.faceOval?.length).toBe(36);
    // The oval is kept relative to its ellipse: its box is [-1, 1] on both axes.
    const us = s.faceOval?.map((p) => p[0]) ?? [];
    expect(Math.min(...us)).toBeCloseTo(-1, 12);
    expect(Math.max(...us)).toBeCloseTo(1, 12);
    // Another face, then the manual crop.
    useFaces.getState().choose(0);
    expect(useSession.getState().crop).toEqual(faceCrop(small.mesh));
    useFaces.getState().manual();
    expect(useSession.getState()).toMatchObject({ crop: { x: 50, y: 0, size: 300 }, faceOval: null });
    expect(useFaces.getState().chosen).toBe(-1);
  });

  it('no face: says none and keeps the manual crop; a detector error: says failed', async () => {
    detector.answer = async () => [];
    open(image('flat.png'));
    await settled();
    expect(useFaces.getState().status).toBe('none');
    expect(useSession.getState().faceOval).toBeNull();
    detector.answer = () => Promise.reject(new Error('wasm refused'));
    open(image('broken.png'));
    await settled();
    expect(useFaces.getState()).toMatchObject({ status: 'failed', message: 'wasm refused' });
  });

  it('does not search a synthetic sample or a stored run, and forgets the last faces', async () => {
    detector.answer = async () => [face(constructFace())];
    open(image('photo.png'));
    await settled();
    open(image('sample.png'), false);
    expect(useFaces.getState()).toMatchObject({ status: 'idle', faces: [], source: null, chosen: -1 });
  });

  it('a late answer places nothing: the image changed, or a run started', async () => {
    let release: (faces: Face[]) => void = () => {};
    detector.answer = () => new Promise((ok) => (release = ok));
    open(image('first.png'));
    await vi.waitFor(() => expect(useFaces.getState().status).toBe('detecting'));
    detector.answer = async () => [];
    const second = image('second.png');
    open(second);
    await settled();
    release([face(constructFace())]);
    await Promise.resolve();
    expect(useFaces.getState().status).toBe('none');
    expect(useFaces.getState().source).toBe(second);
    expect(useSession.getState().faceOval).toBeNull();

    detector.answer = () => new Promise((ok) => (release = ok));
    open(image('third.png'));
    await vi.waitFor(() => expect(useFaces.getState().status).toBe('detecting'));
    useSession.setState({ runState: 'running' });
    release([face(constructFace())]);
    await settled();
    expect(useFaces.getState()).toMatchObject({ status: 'found', chosen: -1 });
    expect(useSession.getState().faceOval).toBeNull();
  });
});
