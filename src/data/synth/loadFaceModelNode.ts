// Reads assets/facemodel/ from disk (Node only).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { type FaceModel, type FaceModelJson, parseFaceModel } from './faceModel';

export const DEFAULT_FACE_MODEL_DIR = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../assets/facemodel',
);

export function loadFaceModelNode(dir = DEFAULT_FACE_MODEL_DIR): FaceModel {
  const json = JSON.parse(readFileSync(join(dir, 'facemodel.json'), 'utf8')) as FaceModelJson & {
    textures: { file: string };
  };
  const png = PNG.sync.read(readFileSync(join(dir, json.textures.file)));
  return parseFaceModel(json, { width: png.width, height: png.height, data: png.data });
}
