// The synthetic dataset folder contract (docs/SYNTH_DATA.md), shared with the Python trainer.

import { FOV_DEGREES } from './camera';
import { BACKGROUND_DEPTH, NOMINAL_FACE_HEIGHT_FRACTION } from './renderSample';

export const DATASET_FORMAT = 'synface-v1';
/** train samples use seeds from 0, test samples from here on: the two ranges never overlap for < 1e6 samples */
export const TRAIN_SEED_START = 0;
export const TEST_SEED_START = 1_000_000;

export interface DatasetMeta {
  format: typeof DATASET_FORMAT;
  count: number;
  size: number;
  seed: number;
  splitSeedRange: [number, number];
  split: 'train' | 'test' | 'custom';
  supersample: number;
  fovDegrees: number;
  backgroundDepth: number;
  faceHeightFraction: number;
  conventions: Record<string, string>;
  files: Record<string, string>;
  faceModel: { file: string; textures: number; shapeModes: number };
  generator: string;
}

export function splitOf(seed: number, count: number): DatasetMeta['split'] {
  const last = seed + count - 1;
  if (seed >= TRAIN_SEED_START && last < TEST_SEED_START) return 'train';
  if (seed >= TEST_SEED_START && last < 2 * TEST_SEED_START) return 'test';
  return 'custom';
}

export function datasetMeta(opts: {
  count: number;
  size: number;
  seed: number;
  supersample: number;
  textures: number;
  shapeModes: number;
}): DatasetMeta {
  const { count, size, seed, supersample } = opts;
  return {
    format: DATASET_FORMAT,
    count,
    size,
    seed,
    splitSeedRange: [seed, seed + count - 1],
    split: splitOf(seed, count),
    supersample,
    fovDegrees: FOV_DEGREES,
    backgroundDepth: BACKGROUND_DEPTH,
    faceHeightFraction: NOMINAL_FACE_HEIGHT_FRACTION,
    conventions: {
      camera: 'pinhole at the origin looking down +z; x right, y down; f = (S-1)/2/tan(5 deg), c = (S-1)/2',
      depth: 'camera-space z at each pixel centre in world units (face ~0.93..1.08); background = backgroundDepth',
      normals: 'unit, camera space, method convention: a surface facing the camera has +z; background (0,0,1)',
      mask: '255 where the pixel centre hits the face, else 0',
      images: 'RGB uint8, supersample x supersample samples per pixel averaged (anti-aliased)',
      pose: 'yaw = ry, pitch = rx, roll = rz in degrees; R = Rz Ry Rx about (0,0,1), as the method renderer',
    },
    files: {
      images: 'images.npy uint8 [N,S,S,3]',
      depth: 'depth.npy float32 [N,S,S]',
      mask: 'mask.npy uint8 [N,S,S]',
      normals: 'normals.npy float32 [N,S,S,3]',
      samples: 'samples.jsonl, one JSON object per sample',
    },
    faceModel: { file: 'assets/facemodel/facemodel.json', textures: opts.textures, shapeModes: opts.shapeModes },
    generator: 'src/data/synth (npm run synth)',
  };
}
