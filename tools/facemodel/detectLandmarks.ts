// Runs @vladmandic/human's 468-point 3D face mesh on photos, in Node on the tfjs wasm backend, with every
// model read from node_modules (no network: fetch is answered from the local files).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RgbImage } from './decodePhoto';
import { packageDir } from './packageDir';

export interface DetectedFace {
  /** 468 mesh points (iris points dropped): x, y in photo pixels (y down), z relative depth (negative = nearer). */
  mesh: number[][];
  box: [number, number, number, number];
  score: number;
  /** head rotation in radians as Human estimates it. */
  yaw: number;
  pitch: number;
  roll: number;
}

const require = createRequire(import.meta.url);

function answerFileFetchesLocally(): void {
  globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) throw new Error(`detectLandmarks: network access refused for ${url}`);
    const body = readFileSync(new URL(url));
    const type = url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Human's Node bundle is loaded with require and typed loosely here.
type HumanInstance = any;

export async function createFaceMeshDetector(): Promise<(image: RgbImage) => Promise<DetectedFace[]>> {
  answerFileFetchesLocally();
  const humanDir = packageDir('@vladmandic/human');
  const wasmDir = packageDir('@tensorflow/tfjs-backend-wasm');
  const { Human } = require(join(humanDir, 'dist', 'human.node-wasm.js'));
  const human: HumanInstance = new Human({
    backend: 'wasm',
    wasmPath: `${pathToFileURL(join(wasmDir, 'dist')).href}/`,
    modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
    debug: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 32, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: true },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  return async (image: RgbImage) => {
    const tensor = human.tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
    const result = await human.detect(tensor);
    human.tf.dispose(tensor);
    // biome-ignore lint/suspicious/noExplicitAny: see HumanInstance.
    return result.face.map((f: any) => ({
      mesh: f.mesh.slice(0, 468).map((p: number[]) => [p[0], p[1], p[2]]),
      box: f.box,
      score: f.score,
      yaw: f.rotation?.angle.yaw ?? 0,
      pitch: f.rotation?.angle.pitch ?? 0,
      roll: f.rotation?.angle.roll ?? 0,
    }));
  };
}
