// A synthetic sample's 468 mesh vertices where they land in its image: the landmarks a perfect face detector
// would return. Used to measure how the training data frames its faces (the crop rule in src/data/face).
import { intrinsics } from './camera';
import type { FaceModel } from './faceModel';
import { placeInCamera } from './renderSample';
import type { SampleParams } from './sampleParams';
import { synthesizeShape } from './shapeSynthesis';

/** [x, y] per vertex in pixels, pixel k covering [k, k + 1) (the renderer's pixel centre u sits at u + 0.5). */
export function projectedMesh(model: FaceModel, params: SampleParams, size: number): [number, number][] {
  const cam = intrinsics(size);
  const points = placeInCamera(synthesizeShape(model, params), params);
  const out: [number, number][] = [];
  for (let v = 0; v < model.vertexCount; v++) {
    const z = points[3 * v + 2];
    out.push([
      (cam.focal * points[3 * v]) / z + cam.center + 0.5,
      (cam.focal * points[3 * v + 1]) / z + cam.center + 0.5,
    ]);
  }
  return out;
}
