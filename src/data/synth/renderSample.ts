// Renders one synthetic face sample: RGB (supersampled, anti-aliased), and from the same rasterization at
// the pixel centres the ground-truth depth, normals and mask in the method's conventions (see camera.ts,
// docs/SYNTH_DATA.md).
import { renderBackground } from './background';
import { intrinsics, ROTATION_CENTER_DEPTH, rotationMatrix } from './camera';
import type { FaceModel } from './faceModel';
import { rasterize } from './rasterizer';
import type { SampleParams } from './sampleParams';
import { synthesizeShape } from './shapeSynthesis';

/** depth written where there is no face (the contract's "far") */
export const BACKGROUND_DEPTH = 1.1;
/** the face's height (model y extent) as a fraction of the image height at depth 1, before the sample's scale */
export const NOMINAL_FACE_HEIGHT_FRACTION = 0.86;

export interface RenderedSample {
  size: number;
  /** RGB bytes, length S*S*3 */
  image: Uint8Array;
  /** camera-space z (world units), BACKGROUND_DEPTH off the face; length S*S */
  depth: Float32Array;
  /** 255 on the face, 0 elsewhere; length S*S */
  mask: Uint8Array;
  /** unit normals, method convention (camera-facing surface has +z); (0,0,1) off the face; length S*S*3 */
  normals: Float32Array;
}

export interface RenderOptions {
  size: number;
  /** samples per pixel along each axis; odd, so one sample sits exactly on the pixel centre */
  supersample: number;
}

function albedoTexture(model: FaceModel, p: SampleParams): Float32Array {
  const a = model.textures[p.textureId];
  const b = model.textures[p.mixTextureId];
  if (!a || !b) throw new Error(`renderSample: texture id out of range (${p.textureId}, ${p.mixTextureId})`);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++)
    out[i] = Math.min(1, ((1 - p.mixWeight) * a[i] + p.mixWeight * b[i]) * p.toneGain[i % 3]);
  return out;
}

/** face vertices in camera space: centred, scaled to the frame, flipped to y down / z forward, posed. */
export function placeInCamera(shape: Float32Array, p: SampleParams): Float32Array {
  const n = shape.length / 3;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < n; v++) {
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], shape[3 * v + k]);
      hi[k] = Math.max(hi[k], shape[3 * v + k]);
    }
  }
  const visibleHeight = 2 * Math.tan((5 * Math.PI) / 180) * ROTATION_CENTER_DEPTH;
  const s = (NOMINAL_FACE_HEIGHT_FRACTION * visibleHeight * p.scale) / (hi[1] - lo[1]);
  const c = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  const deg = Math.PI / 180;
  const r = rotationMatrix(p.pitchDeg * deg, p.yawDeg * deg, p.rollDeg * deg);
  const out = new Float32Array(shape.length);
  for (let v = 0; v < n; v++) {
    const x = (shape[3 * v] - c[0]) * s;
    const y = -(shape[3 * v + 1] - c[1]) * s;
    const z = -(shape[3 * v + 2] - c[2]) * s;
    out[3 * v] = r[0] * x + r[1] * y + r[2] * z + p.shift[0];
    out[3 * v + 1] = r[3] * x + r[4] * y + r[5] * z + p.shift[1];
    out[3 * v + 2] = r[6] * x + r[7] * y + r[8] * z + ROTATION_CENTER_DEPTH;
  }
  return out;
}

/** area-weighted vertex normals, oriented to the method's convention (facing the camera = +z) */
function vertexNormals(points: Float32Array, triangles: Uint32Array): Float32Array {
  const normals = new Float32Array(points.length);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t],
      b = 3 * triangles[t + 1],
      c = 3 * triangles[t + 2];
    const e1 = [points[b] - points[a], points[b + 1] - points[a + 1], points[b + 2] - points[a + 2]];
    const e2 = [points[c] - points[a], points[c + 1] - points[a + 1], points[c + 2] - points[a + 2]];
    const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    for (const i of [a, b, c]) for (let k = 0; k < 3; k++) normals[i + k] += n[k];
  }
  // the winding is consistent over the mesh, so one global sign fixes the orientation: the summed normal of a
  // face seen from the front must point along +z in this convention
  let zSum = 0;
  for (let i = 2; i < normals.length; i += 3) zSum += normals[i];
  const sign = zSum >= 0 ? 1 : -1;
  for (let v = 0; v < normals.length; v += 3) {
    const len = Math.hypot(normals[v], normals[v + 1], normals[v + 2]) || 1;
    for (let k = 0; k < 3; k++) normals[v + k] = (sign * normals[v + k]) / len;
  }
  return normals;
}

export function renderSample(model: FaceModel, params: SampleParams, options: RenderOptions): RenderedSample {
  const { size, supersample: ss } = options;
  if (!Number.isInteger(ss) || ss < 1 || ss % 2 === 0)
    throw new Error(`renderSample: supersample must be an odd positive integer, got ${ss}`);
  const cam = intrinsics(size);
  const points = placeInCamera(synthesizeShape(model, params), params);
  const normals = vertexNormals(points, model.triangles);
  const n = model.vertexCount;
  // pixel u maps to sample coordinate u*ss + (ss-1)/2, so the middle sample of each pixel is its centre
  const projected = new Float32Array(3 * n);
  for (let v = 0; v < n; v++) {
    const z = points[3 * v + 2];
    projected[3 * v] = ((cam.focal * points[3 * v]) / z + cam.center) * ss + (ss - 1) / 2;
    projected[3 * v + 1] = ((cam.focal * points[3 * v + 1]) / z + cam.center) * ss + (ss - 1) / 2;
    projected[3 * v + 2] = z;
  }
  const W = size * ss;
  const frags = rasterize(projected, model.triangles, W, W);
  const albedo = albedoTexture(model, params);
  const background = renderBackground(params.background.kind, params.background.seed, size);
  const { ambient, diffuse, direction: L } = params.light;
  const T = model.textureSize;
  const uvs = model.uvs;
  const tris = model.triangles;

  const image = new Uint8Array(size * size * 3);
  const depth = new Float32Array(size * size).fill(BACKGROUND_DEPTH);
  const mask = new Uint8Array(size * size);
  const outNormals = new Float32Array(size * size * 3);
  const centerOffset = (ss - 1) / 2;
  const color = [0, 0, 0];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const pixel = py * size + px;
      color[0] = color[1] = color[2] = 0;
      let covered = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const s = (py * ss + sy) * W + px * ss + sx;
          const t = frags.triangle[s];
          if (t < 0) continue;
          covered++;
          const i0 = tris[3 * t],
            i1 = tris[3 * t + 1],
            i2 = tris[3 * t + 2];
          const b1 = frags.b1[s],
            b2 = frags.b2[s],
            b0 = 1 - b1 - b2;
          let nx = b0 * normals[3 * i0] + b1 * normals[3 * i1] + b2 * normals[3 * i2];
          let ny = b0 * normals[3 * i0 + 1] + b1 * normals[3 * i1 + 1] + b2 * normals[3 * i2 + 1];
          let nz = b0 * normals[3 * i0 + 2] + b1 * normals[3 * i1 + 2] + b2 * normals[3 * i2 + 2];
          const len = Math.hypot(nx, ny, nz) || 1;
          nx /= len;
          ny /= len;
          nz /= len;
          const u = (b0 * uvs[2 * i0] + b1 * uvs[2 * i1] + b2 * uvs[2 * i2]) * T - 0.5;
          const v = (b0 * uvs[2 * i0 + 1] + b1 * uvs[2 * i1 + 1] + b2 * uvs[2 * i2 + 1]) * T - 0.5;
          const shade = ambient + diffuse * Math.max(0, nx * L[0] + ny * L[1] + nz * L[2]);
          // bilinear texture lookup, clamped to the texture
          const cu = Math.min(Math.max(u, 0), T - 1.0001);
          const cv = Math.min(Math.max(v, 0), T - 1.0001);
          const x0 = Math.floor(cu),
            y0 = Math.floor(cv);
          const fx = cu - x0,
            fy = cv - y0;
          const o00 = 3 * (y0 * T + x0),
            o01 = o00 + 3,
            o10 = o00 + 3 * T,
            o11 = o10 + 3;
          for (let c = 0; c < 3; c++) {
            const a =
              (albedo[o00 + c] * (1 - fx) + albedo[o01 + c] * fx) * (1 - fy) +
              (albedo[o10 + c] * (1 - fx) + albedo[o11 + c] * fx) * fy;
            color[c] += Math.min(1, a * shade);
          }
          if (sx === centerOffset && sy === centerOffset) {
            depth[pixel] = frags.depth[s];
            mask[pixel] = 255;
            outNormals[3 * pixel] = nx;
            outNormals[3 * pixel + 1] = ny;
            outNormals[3 * pixel + 2] = nz;
          }
        }
      }
      const total = ss * ss;
      for (let c = 0; c < 3; c++) {
        const value = (color[c] + background[3 * pixel + c] * (total - covered)) / total;
        image[3 * pixel + c] = Math.round(Math.min(1, Math.max(0, value)) * 255);
      }
      if (!mask[pixel]) outNormals[3 * pixel + 2] = 1;
    }
  }
  return { size, image, depth, mask, normals: outNormals };
}
