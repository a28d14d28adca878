/**
 * The face detector: @vladmandic/human's BlazeFace detector and 468-point face mesh, nothing else of Human.
 * Loaded on first use (a separate chunk, ~2 MB, then ~2 MB of models), from this app's own origin
 * (tools/vite/faceDetectorAssets.ts serves the files under face-detector/); Human's model cache in IndexedDB is
 * off, the browser's HTTP cache is enough. tfjs runs on its WebAssembly backend: it works wherever WebAssembly
 * does (headless Chromium on SwiftShader included), gives the same landmarks on every machine, and leaves the GPU
 * to the method's engine. Single-threaded: the page is not cross-origin isolated.
 */
import type { Point } from '../../data/face/faceMesh';
import type { RgbaImage } from '../../data/image/rgba';

/** A face as the page keeps it: its mesh in source pixels and what the detector says of it. */
export interface DetectedFace {
  /** 468 points, x and y in source pixels. */
  mesh: Point[];
  /** The mesh's confidence (0..1). */
  score: number;
  /** The detector's box around the mesh: x, y, width, height in source pixels. */
  box: [number, number, number, number];
}

export type LoadStage = 'library' | 'models';

export interface FaceDetector {
  detect: (image: RgbaImage) => Promise<DetectedFace[]>;
  /** The tfjs backend it runs on ('wasm'). */
  backend: string;
}

const MODELS = ['blazeface', 'facemesh'];

function assetUrl(path: string): string {
  return new URL(`${import.meta.env.BASE_URL}face-detector/${path}`, window.location.href).href;
}

/** Human's configuration: every model off but the detector and the mesh. */
function config(): Record<string, unknown> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: assetUrl('wasm/'),
    modelBasePath: assetUrl('models/'),
    cacheModels: false,
    // Every image is new: no result reuse between calls (Human's video-frame caching).
    cacheSensitivity: 0,
    warmup: 'none',
    debug: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: {
        modelPath: 'blazeface.json',
        rotation: true,
        maxDetected: 8,
        minConfidence: 0.5,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      attention: off,
      iris: off,
      emotion: off,
      description: off,
      antispoof: off,
      liveness: off,
      gear: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  };
}

async function create(onStage: (stage: LoadStage) => void): Promise<FaceDetector> {
  onStage('library');
  const { Human } = await import('./humanModule.js');
  const human = new Human(config());
  onStage('models');
  await human.load();
  // Human logs a failed model or backend and goes on: say it instead.
  const loaded = human.models
    .stats()
    .modelStats.filter((m) => m.loaded)
    .map((m) => m.name);
  const missing = MODELS.filter((name) => !loaded.includes(name));
  if (missing.length) throw new Error(`the model${missing.length > 1 ? 's' : ''} ${missing.join(', ')} did not load`);
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (image: RgbaImage): Promise<DetectedFace[]> => {
    // RGB bytes as an int32 [1, H, W, 3] tensor: Human's own image path would go through canvases.
    const rgb = new Uint8Array(image.width * image.height * 3);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgb[i] = image.data[j];
      rgb[i + 1] = image.data[j + 1];
      rgb[i + 2] = image.data[j + 2];
    }
    const tensor = human.tf.tensor4d(rgb, [1, image.height, image.width, 3], 'int32');
    try {
      const result = await human.detect(tensor);
      if (result.error) throw new Error(result.error);
      return result.face
        .filter((f) => f.mesh.length >= 468)
        .map((f) => ({
          mesh: f.mesh.slice(0, 468).map((p) => [p[0], p[1]] as Point),
          score: f.score,
          box: [...f.box] as [number, number, number, number],
        }));
    } finally {
      human.tf.dispose(tensor);
    }
  };
  return {
    backend: human.tf.getBackend(),
    // One image at a time: tfjs' wasm backend is single-threaded and Human keeps per-call state.
    detect(image) {
      const next = queue.then(() => run(image));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

let loading: Promise<FaceDetector> | null = null;
let stageListener: (stage: LoadStage) => void = () => {};

/** The detector, loaded once; `onStage` hears where a load in progress is. A failed load is tried again next time. */
export function loadFaceDetector(onStage: (stage: LoadStage) => void = () => {}): Promise<FaceDetector> {
  stageListener = onStage;
  if (!loading) {
    loading = create((stage) => stageListener(stage));
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
