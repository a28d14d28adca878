// Unwraps a photographed face into the canonical mesh's UV space. Each UV triangle is filled by mapping its
// texels through barycentric coordinates onto the same triangle of Human's mesh in the photo. Texels on
// triangles the photo sees badly (turned away or strongly foreshortened) take the mirrored texel from the
// other half of the face (the canonical UV layout is symmetric, u <-> 1 - u). Left/right shading baked into
// the photo is divided out, so the renderer's own light is what makes the faces' shading.
import type { RgbImage } from './decodePhoto';

/** relative left/right visibility difference above which the better half is mirrored onto the other */
const MIRROR_IMBALANCE = 0.04;

export interface UvTexture {
  size: number;
  /** RGB floats in [0,1], row-major, v down. */
  rgb: Float32Array;
}

function sampleBilinear(img: RgbImage, x: number, y: number, out: number[]): void {
  const cx = Math.min(Math.max(x, 0), img.width - 1.001);
  const cy = Math.min(Math.max(y, 0), img.height - 1.001);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let c = 0; c < 3; c++) {
    const p = (yy: number, xx: number) => img.data[(yy * img.width + xx) * 3 + c];
    const top = p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx;
    const bottom = p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx;
    out[c] = (top * (1 - fy) + bottom * fy) / 255;
  }
}

function boxBlur(src: Float32Array, size: number, radius: number, weights: Float32Array): Float32Array {
  // weighted blur (normalized convolution) so uncovered texels do not drag the average toward black
  let val = src.map((v, i) => v * weights[i]);
  let wt = Float32Array.from(weights);
  for (let pass = 0; pass < 3; pass++) {
    for (const horizontal of [true, false]) {
      const nv = new Float32Array(size * size);
      const nw = new Float32Array(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          let sv = 0;
          let sw = 0;
          for (let d = -radius; d <= radius; d++) {
            const xx = horizontal ? x + d : x;
            const yy = horizontal ? y : y + d;
            if (xx < 0 || yy < 0 || xx >= size || yy >= size) continue;
            sv += val[yy * size + xx];
            sw += wt[yy * size + xx];
          }
          nv[y * size + x] = sv;
          nw[y * size + x] = sw;
        }
      }
      val = nv;
      wt = nw;
    }
  }
  return val.map((v, i) => (wt[i] > 1e-6 ? v / wt[i] : 0));
}

export function unwrapTexture(
  photo: RgbImage,
  mesh2d: number[][],
  uvs: Float64Array,
  triangles: Uint32Array,
  size: number,
): UvTexture {
  const own = new Float32Array(size * size * 3);
  const visibility = new Float32Array(size * size);
  const texel = [0, 0, 0];
  const triCount = triangles.length / 3;
  const vertexVisibility = vertexFacing(mesh2d, triangles);
  for (let t = 0; t < triCount; t++) {
    const ids = [triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]];
    const tu = ids.map((i) => uvs[2 * i] * size - 0.5);
    const tv = ids.map((i) => uvs[2 * i + 1] * size - 0.5);
    const det = (tu[1] - tu[0]) * (tv[2] - tv[0]) - (tu[2] - tu[0]) * (tv[1] - tv[0]);
    if (Math.abs(det) < 1e-12) continue;
    const x0 = Math.max(0, Math.floor(Math.min(...tu)));
    const x1 = Math.min(size - 1, Math.ceil(Math.max(...tu)));
    const y0 = Math.max(0, Math.floor(Math.min(...tv)));
    const y1 = Math.min(size - 1, Math.ceil(Math.max(...tv)));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const w1 = ((x - tu[0]) * (tv[2] - tv[0]) - (tu[2] - tu[0]) * (y - tv[0])) / det;
        const w2 = ((tu[1] - tu[0]) * (y - tv[0]) - (x - tu[0]) * (tv[1] - tv[0])) / det;
        const w0 = 1 - w1 - w2;
        if (w0 < -1e-3 || w1 < -1e-3 || w2 < -1e-3) continue;
        const px = w0 * mesh2d[ids[0]][0] + w1 * mesh2d[ids[1]][0] + w2 * mesh2d[ids[2]][0];
        const py = w0 * mesh2d[ids[0]][1] + w1 * mesh2d[ids[1]][1] + w2 * mesh2d[ids[2]][1];
        sampleBilinear(photo, px, py, texel);
        const i = y * size + x;
        own.set(texel, 3 * i);
        const seen = w0 * vertexVisibility[ids[0]] + w1 * vertexVisibility[ids[1]] + w2 * vertexVisibility[ids[2]];
        visibility[i] = Math.max(seen, 1e-3);
      }
    }
  }
  // When one half of the face is clearly better seen (a turned head), Human's mesh on the far half is also
  // the less reliable one: the whole far half is then replaced by the mirrored near half, blended over a few
  // texels at the midline. Otherwise each texel hands over to its mirror only where it is seen obliquely.
  let leftSeen = 0;
  let rightSeen = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (x < size / 2) leftSeen += visibility[y * size + x];
      else rightSeen += visibility[y * size + x];
    }
  }
  const imbalance = (leftSeen - rightSeen) / Math.max(leftSeen + rightSeen, 1e-9);
  const mirrorSide = Math.abs(imbalance) > MIRROR_IMBALANCE ? (imbalance > 0 ? 'left' : 'right') : null;
  const rgb = new Float32Array(size * size * 3);
  const covered = new Float32Array(size * size);
  const blendHalfWidth = size / 32;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const m = y * size + (size - 1 - x);
      const w = visibility[i];
      const wm = visibility[m];
      if (w === 0 && wm === 0) continue;
      let keep: number;
      if (mirrorSide) {
        // signed distance into the good half, in texels from the midline
        const into = mirrorSide === 'left' ? size / 2 - 0.5 - x : x - (size / 2 - 0.5);
        keep = Math.min(1, Math.max(0, 0.5 + into / (2 * blendHalfWidth)));
        if (w === 0) keep = 0;
        if (wm === 0) keep = 1;
      } else {
        // continuous hand-over to the mirrored texel where this side is seen obliquely and the other side better
        keep = 1 - Math.min(1, Math.max(0, (0.75 - w) / 0.5)) * Math.min(1, Math.max(0, (wm - w) / 0.2));
      }
      for (let c = 0; c < 3; c++) rgb[3 * i + c] = keep * own[3 * i + c] + (1 - keep) * own[3 * m + c];
      covered[i] = 1;
    }
  }
  removeSideLighting(rgb, covered, size);
  fillUncovered(rgb, covered, size);
  return { size, rgb };
}

/** Per-vertex cosine between the surface normal of Human's 3D mesh and the photo's viewing direction. */
function vertexFacing(mesh: number[][], triangles: Uint32Array): Float32Array {
  const normals = new Float64Array(mesh.length * 3);
  for (let t = 0; t < triangles.length; t += 3) {
    const [a, b, c] = [mesh[triangles[t]], mesh[triangles[t + 1]], mesh[triangles[t + 2]]];
    const e1 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const e2 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    for (const v of [triangles[t], triangles[t + 1], triangles[t + 2]])
      for (let k = 0; k < 3; k++) normals[3 * v + k] += n[k];
  }
  const facing = new Float32Array(mesh.length);
  for (let v = 0; v < mesh.length; v++) {
    const len = Math.hypot(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]) || 1;
    // image axes x right, y down, z away from the camera (Human's z is negative toward it): the camera-facing
    // normal of a counter-clockwise-in-UV triangle has a negative z component here
    facing[v] = Math.max(0, -normals[3 * v + 2] / len);
  }
  return facing;
}

/** Divides out the left/right asymmetric part of the low-frequency luminance (side light in the photo). */
function removeSideLighting(rgb: Float32Array, covered: Float32Array, size: number): void {
  const lum = new Float32Array(size * size);
  for (let i = 0; i < size * size; i++) lum[i] = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
  const low = boxBlur(lum, size, Math.round(size / 16), covered);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const m = y * size + (size - 1 - x);
      if (!covered[i] || low[i] <= 1e-3 || low[m] <= 1e-3) continue;
      const gain = Math.sqrt(low[m] / low[i]);
      for (let c = 0; c < 3; c++) rgb[3 * i + c] = Math.min(1, rgb[3 * i + c] * gain);
    }
  }
}

/** Grows the texture past the UV islands' edges so bilinear lookups at the silhouette never see black. */
function fillUncovered(rgb: Float32Array, covered: Float32Array, size: number): void {
  let mask = Float32Array.from(covered);
  for (let iter = 0; iter < size; iter++) {
    const next = Float32Array.from(mask);
    let changed = false;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = y * size + x;
        if (mask[i]) continue;
        const sum = [0, 0, 0];
        let n = 0;
        for (const [dx, dy] of [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ]) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= size || yy >= size || !mask[yy * size + xx]) continue;
          for (let c = 0; c < 3; c++) sum[c] += rgb[3 * (yy * size + xx) + c];
          n++;
        }
        if (n === 0) continue;
        for (let c = 0; c < 3; c++) rgb[3 * i + c] = sum[c] / n;
        next[i] = 1;
        changed = true;
      }
    }
    mask = next;
    if (!changed) break;
  }
}
