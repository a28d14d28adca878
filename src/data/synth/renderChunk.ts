// Renders a contiguous run of samples into flat arrays laid out exactly as in the .npy files, plus the
// per-sample JSON records. Shared by the worker threads and the single-threaded path.
import type { FaceModel } from './faceModel';
import { renderSample } from './renderSample';
import { drawSampleParams, type SampleParams } from './sampleParams';

export interface ChunkRequest {
  /** index of the first sample in the dataset */
  start: number;
  count: number;
  /** dataset seed; sample i uses seed + i */
  seed: number;
  size: number;
  supersample: number;
}

export interface RenderedChunk {
  start: number;
  count: number;
  images: Uint8Array;
  depth: Float32Array;
  mask: Uint8Array;
  normals: Float32Array;
  /** one JSON line per sample */
  records: string[];
}

export function sampleRecord(index: number, p: SampleParams): Record<string, unknown> {
  const r3 = (x: number) => Number(x.toFixed(3));
  return {
    index,
    seed: p.seed,
    identity: {
      textureId: p.textureId,
      mixTextureId: p.mixTextureId,
      mixWeight: r3(p.mixWeight),
      shapeCoefficients: p.shapeCoefficients.map(r3),
    },
    toneGain: p.toneGain.map(r3),
    yawDeg: r3(p.yawDeg),
    pitchDeg: r3(p.pitchDeg),
    rollDeg: r3(p.rollDeg),
    light: { ambient: r3(p.light.ambient), diffuse: r3(p.light.diffuse), direction: p.light.direction.map(r3) },
    background: { id: p.background.kind, seed: p.background.seed },
  };
}

export function renderChunk(model: FaceModel, req: ChunkRequest): RenderedChunk {
  const { size, count } = req;
  const px = size * size;
  const chunk: RenderedChunk = {
    start: req.start,
    count,
    images: new Uint8Array(count * px * 3),
    depth: new Float32Array(count * px),
    mask: new Uint8Array(count * px),
    normals: new Float32Array(count * px * 3),
    records: [],
  };
  const limits = {
    shapeModeCount: model.shapeModes.length,
    textureCount: model.textures.length,
    meanPositions: model.mean,
  };
  for (let k = 0; k < count; k++) {
    const index = req.start + k;
    const params = drawSampleParams(req.seed + index, limits);
    const r = renderSample(model, params, { size, supersample: req.supersample });
    chunk.images.set(r.image, k * px * 3);
    chunk.depth.set(r.depth, k * px);
    chunk.mask.set(r.mask, k * px);
    chunk.normals.set(r.normals, k * px * 3);
    chunk.records.push(JSON.stringify(sampleRecord(index, params)));
  }
  return chunk;
}
