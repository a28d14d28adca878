// Project-made morphable shape model on the 468-vertex MediaPipe topology: Human's per-photo 3D meshes are
// similarity-aligned (Horn's quaternion Procrustes) onto the canonical mesh, and PCA of their deviations
// from their own mean gives the shape modes. The canonical mesh stays the mean, so a systematic bias of
// Human's depth estimate (e.g. flatter faces) does not leak into the model.
import { symmetricEigen } from './symmetricEigen';

export interface ShapeModes {
  /** basis[k] has length 3V (centimetres per unit coefficient); coefficients are ~N(0, 1). */
  basis: Float64Array[];
  /** standard deviation of each mode in centimetres (already folded into basis; kept for reporting). */
  stddev: number[];
  /** RMS alignment residual per face (cm), to spot bad detections. */
  residualRms: number[];
}

function centroid(points: Float64Array): [number, number, number] {
  const n = points.length / 3;
  const c: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) c[k] += points[3 * i + k] / n;
  return c;
}

/** Aligns `source` onto `target` (both 3V) with rotation, uniform scale and translation. */
export function similarityAlign(source: Float64Array, target: Float64Array): Float64Array {
  if (source.length !== target.length) throw new Error('similarityAlign: point counts differ');
  const n = source.length / 3;
  const cs = centroid(source);
  const ct = centroid(target);
  const m = new Array<number>(9).fill(0);
  let sourceNorm = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 3; r++) {
      const s = source[3 * i + r] - cs[r];
      sourceNorm += s * s;
      for (let c = 0; c < 3; c++) m[r * 3 + c] += s * (target[3 * i + c] - ct[c]);
    }
  }
  const [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz] = m;
  const horn = [
    sxx + syy + szz,
    syz - szy,
    szx - sxz,
    sxy - syx,
    syz - szy,
    sxx - syy - szz,
    sxy + syx,
    szx + sxz,
    szx - sxz,
    sxy + syx,
    -sxx + syy - szz,
    syz + szy,
    sxy - syx,
    szx + sxz,
    syz + szy,
    -sxx - syy + szz,
  ];
  const [q0, qx, qy, qz] = symmetricEigen(horn, 4).vectors[0];
  const rot = [
    q0 * q0 + qx * qx - qy * qy - qz * qz,
    2 * (qx * qy - q0 * qz),
    2 * (qx * qz + q0 * qy),
    2 * (qy * qx + q0 * qz),
    q0 * q0 - qx * qx + qy * qy - qz * qz,
    2 * (qy * qz - q0 * qx),
    2 * (qz * qx - q0 * qy),
    2 * (qz * qy + q0 * qx),
    q0 * q0 - qx * qx - qy * qy + qz * qz,
  ];
  let cross = 0;
  const rotated = new Float64Array(source.length);
  for (let i = 0; i < n; i++) {
    const s = [source[3 * i] - cs[0], source[3 * i + 1] - cs[1], source[3 * i + 2] - cs[2]];
    for (let r = 0; r < 3; r++) {
      const v = rot[r * 3] * s[0] + rot[r * 3 + 1] * s[1] + rot[r * 3 + 2] * s[2];
      rotated[3 * i + r] = v;
      cross += v * (target[3 * i + r] - ct[r]);
    }
  }
  const scale = cross / sourceNorm;
  for (let i = 0; i < n; i++) for (let r = 0; r < 3; r++) rotated[3 * i + r] = rotated[3 * i + r] * scale + ct[r];
  return rotated;
}

/** Human mesh (pixels, y down, z negative toward the camera) -> canonical axes (y up, z toward viewer). */
export function humanMeshToCanonicalAxes(mesh: number[][]): Float64Array {
  const out = new Float64Array(mesh.length * 3);
  mesh.forEach((p, i) => {
    out.set([p[0], -p[1], -p[2]], 3 * i);
  });
  return out;
}

export function buildShapeModes(canonical: Float64Array, faces: Float64Array[], maxModes: number): ShapeModes {
  if (faces.length < 3) throw new Error('buildShapeModes: need at least 3 faces');
  const aligned = faces.map((f) => similarityAlign(f, canonical));
  const dim = canonical.length;
  const mean = new Float64Array(dim);
  for (const a of aligned) for (let j = 0; j < dim; j++) mean[j] += a[j] / aligned.length;
  const dev = aligned.map((a) => a.map((x, j) => x - mean[j]));
  const residualRms = aligned.map((a) => Math.sqrt(a.reduce((s, x, j) => s + (x - canonical[j]) ** 2, 0) / (dim / 3)));
  const n = dev.length;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += dev[i][k] * dev[j][k];
      gram[i * n + j] = gram[j * n + i] = dot / (n - 1);
    }
  }
  const eig = symmetricEigen(gram, n);
  const basis: Float64Array[] = [];
  const stddev: number[] = [];
  for (let k = 0; k < Math.min(maxModes, n - 1); k++) {
    const lambda = eig.values[k];
    if (lambda <= 1e-12) break;
    // unit principal direction = X^T u / sqrt(lambda (n-1)); scaled by sqrt(lambda) so coefficients are N(0,1)
    const dir = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) dir[j] += dev[i][j] * eig.vectors[k][i];
    const norm = Math.sqrt(lambda * (n - 1));
    const std = Math.sqrt(lambda / (dim / 3));
    for (let j = 0; j < dim; j++) dir[j] *= Math.sqrt(lambda) / norm;
    basis.push(dir);
    stddev.push(std);
  }
  return { basis, stddev, residualRms };
}
