// Human's face description (its `faceres` model: a 1024-value embedding of the detected face) in Node on the tfjs
// wasm backend, every model read from node_modules (fetch answered from local files), for the identity-under-
// rotation measurement. Method images are 32-64 px, far below what BlazeFace was trained on, so each is enlarged
// (bilinear) to 256 px before detection.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDir } from '../facemodel/packageDir';

const require = createRequire(import.meta.url);
export const IDENTITY_SIZE = 256;

function answerFileFetchesLocally(): void {
  globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) throw new Error(`humanIdentity: network access refused for ${url}`);
    const type = url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(readFileSync(new URL(url)), { status: 200, headers: { 'content-type': type } });
  };
}

/** CHW [-1, 1] at size S -> RGB bytes at `to` px (bilinear, align_corners = false, edge clamp). */
export function chwToRgbBytes(chw: Float32Array, size: number, to = IDENTITY_SIZE): Uint8Array {
  const out = new Uint8Array(to * to * 3);
  const plane = size * size;
  const scale = size / to;
  const at = (c: number, y: number, x: number) =>
    chw[c * plane + Math.min(Math.max(y, 0), size - 1) * size + Math.min(Math.max(x, 0), size - 1)];
  for (let r = 0; r < to; r++) {
    const y = (r + 0.5) * scale - 0.5;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let q = 0; q < to; q++) {
      const x = (q + 0.5) * scale - 0.5;
      const x0 = Math.floor(x);
      const fx = x - x0;
      for (let c = 0; c < 3; c++) {
        const v =
          (1 - fy) * ((1 - fx) * at(c, y0, x0) + fx * at(c, y0, x0 + 1)) +
          fy * ((1 - fx) * at(c, y0 + 1, x0) + fx * at(c, y0 + 1, x0 + 1));
        out[(r * to + q) * 3 + c] = Math.round(Math.min(Math.max((v + 1) / 2, 0), 1) * 255);
      }
    }
  }
  return out;
}

export interface FoundFace {
  /** Human's description embedding (empty when the description model did not run on it). */
  embedding: number[];
  /** 468 mesh points, x and y in image pixels. */
  mesh: [number, number][];
}

export interface FaceIdentity {
  /** The faces Human finds in an RGB image, largest first. */
  detect(rgb: Uint8Array, width: number, height: number): Promise<FoundFace[]>;
  /** The embedding of the largest face found, or null when Human finds none. */
  describe(rgb: Uint8Array, width: number, height: number): Promise<number[] | null>;
  /** Human's own similarity of two embeddings (0..1, 1 = same). */
  similarity(a: number[], b: number[]): number;
}

export async function createFaceIdentity(): Promise<FaceIdentity> {
  answerFileFetchesLocally();
  const humanDir = packageDir('@vladmandic/human');
  const wasmDir = packageDir('@tensorflow/tfjs-backend-wasm');
  const { Human } = require(join(humanDir, 'dist', 'human.node-wasm.js'));
  const off = { enabled: false };
  // biome-ignore lint/suspicious/noExplicitAny: Human's Node bundle is loaded with require and typed loosely here.
  const human: any = new Human({
    backend: 'wasm',
    wasmPath: `${pathToFileURL(join(wasmDir, 'dist')).href}/`,
    modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
    debug: false,
    cacheSensitivity: 0,
    filter: off,
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 4, minConfidence: 0.2, return: false },
      mesh: { enabled: true },
      iris: off,
      emotion: off,
      description: { enabled: true },
      antispoof: off,
      liveness: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  });
  await human.load();
  const detect = async (rgb: Uint8Array, width: number, height: number): Promise<FoundFace[]> => {
    const tensor = human.tf.tensor4d(rgb, [1, height, width, 3], 'int32');
    try {
      const result = await human.detect(tensor);
      const faces: (FoundFace & { area: number })[] = result.face.map(
        (f: { embedding?: number[]; mesh: number[][]; box: number[] }) => ({
          embedding: Array.from(f.embedding ?? []),
          mesh: f.mesh.slice(0, 468).map((p) => [p[0], p[1]] as [number, number]),
          area: f.box[2] * f.box[3],
        }),
      );
      return faces.sort((a, b) => b.area - a.area).map(({ embedding, mesh }) => ({ embedding, mesh }));
    } finally {
      human.tf.dispose(tensor);
    }
  };
  return {
    detect,
    async describe(rgb, width, height) {
      const face = (await detect(rgb, width, height)).find((f) => f.embedding.length > 0);
      return face ? face.embedding : null;
    },
    similarity: (a, b) => human.match.similarity(a, b),
  };
}
