/**
 * Serves the face detector's files from the app's own origin (nothing from a CDN at run time): the two Human
 * models the page uses (BlazeFace and the 468-point face mesh, MIT, from node_modules/@vladmandic/human/models)
 * and tfjs' WebAssembly binaries for Human's bundled tfjs (Apache-2.0, from @tensorflow/tfjs-backend-wasm, whose
 * version must be the one Human 3.3.6 bundles). `vite` serves them from node_modules; `vite build` copies them
 * into dist/face-detector/ (src/app/face/humanDetector.ts asks for them there).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The URL folder (under the app's base) the page loads them from. */
export const FACE_DETECTOR_DIR = 'face-detector';

const require = createRequire(import.meta.url);

/** A package's folder (its exports map may hide package.json, so walk up from its main file). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(name.split('/').pop() ?? name)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`faceDetectorAssets: cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

/** URL path under face-detector/ -> file on disk. */
function assetFiles(): Map<string, string> {
  const human = packageDir('@vladmandic/human');
  const wasm = packageDir('@tensorflow/tfjs-backend-wasm');
  const files = new Map<string, string>();
  for (const model of ['blazeface', 'facemesh']) {
    files.set(`models/${model}.json`, join(human, 'models', `${model}.json`));
    files.set(`models/${model}.bin`, join(human, 'models', `${model}.bin`));
  }
  // Single-threaded builds only: the page is not cross-origin isolated, so tfjs never asks for the threaded one.
  for (const binary of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'])
    files.set(`wasm/${binary}`, join(wasm, 'dist', binary));
  checkWasmVersion(human, wasm);
  return files;
}

/** The wasm binaries must match the tfjs JavaScript inside Human's bundle, or the backend fails at run time. */
function checkWasmVersion(humanDir: string, wasmDir: string): void {
  // dist/tfjs.version.js reads: var r="4.22.0"; ... {"tfjs-backend-wasm":r, ...}
  const versions = readFileSync(join(humanDir, 'dist', 'tfjs.version.js'), 'utf8');
  const name = versions.match(/"tfjs-backend-wasm":(\w+)/)?.[1];
  const wanted = name && versions.match(new RegExp(`var ${name}="([^"]+)"`))?.[1];
  const installed = JSON.parse(readFileSync(join(wasmDir, 'package.json'), 'utf8')).version as string;
  if (!wanted) throw new Error("faceDetectorAssets: cannot read the tfjs version inside Human's bundle.");
  if (wanted !== installed)
    throw new Error(`Human bundles tfjs-backend-wasm ${wanted}, but ${installed} is installed: pin ${wanted}.`);
}

const TYPES: Record<string, string> = {
  json: 'application/json',
  bin: 'application/octet-stream',
  wasm: 'application/wasm',
};

export function faceDetectorAssets(): Plugin {
  let files: Map<string, string>;
  let base = '/';
  return {
    name: 'face-detector-assets',
    configResolved(config) {
      base = config.base;
      files = assetFiles();
    },
    configureServer(server) {
      const prefix = `${base}${FACE_DETECTOR_DIR}/`;
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        const file = path.startsWith(prefix) ? files.get(path.slice(prefix.length)) : undefined;
        if (!file) return next();
        res.setHeader('Content-Type', TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [path, file] of files)
        this.emitFile({ type: 'asset', fileName: `${FACE_DETECTOR_DIR}/${path}`, source: readFileSync(file) });
    },
  };
}
