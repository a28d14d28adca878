// Turns a sample's shape parameters into the face's vertex positions (cm, model axes): mean + PCA modes,
// per-axis scaling, then smooth Gaussian bumps (mirrored across x = 0 when symmetric).
import type { FaceModel } from './faceModel';
import type { SampleParams } from './sampleParams';

export function synthesizeShape(model: FaceModel, params: SampleParams): Float32Array {
  const out = Float32Array.from(model.mean);
  const modes = Math.min(model.shapeModes.length, params.shapeCoefficients.length);
  for (let k = 0; k < modes; k++) {
    const c = params.shapeCoefficients[k];
    const mode = model.shapeModes[k];
    for (let j = 0; j < out.length; j++) out[j] += c * mode[j];
  }
  const n = model.vertexCount;
  const base = Float32Array.from(out);
  for (const bump of params.bumps) {
    const centers = bump.symmetric ? [bump.center, [-bump.center[0], bump.center[1], bump.center[2]]] : [bump.center];
    centers.forEach((center, mirrorIndex) => {
      const sx = mirrorIndex === 1 ? -1 : 1;
      const inv = 1 / (2 * bump.radiusCm * bump.radiusCm);
      for (let v = 0; v < n; v++) {
        const d2 =
          (base[3 * v] - center[0]) ** 2 + (base[3 * v + 1] - center[1]) ** 2 + (base[3 * v + 2] - center[2]) ** 2;
        const w = Math.exp(-d2 * inv);
        if (w < 1e-4) continue;
        out[3 * v] += w * sx * bump.offsetCm[0];
        out[3 * v + 1] += w * bump.offsetCm[1];
        out[3 * v + 2] += w * bump.offsetCm[2];
      }
    });
  }
  for (let v = 0; v < n; v++) for (let k = 0; k < 3; k++) out[3 * v + k] *= params.axisScale[k];
  return out;
}
