/**
 * Lambertian shading and the canonical texture (method reference section 3).
 * light: [B, 4] = (k_a, k_d, l_x, l_y), already rescaled by the light network; direction l = normalize(l_x, l_y, 1).
 * diffuse = max(0, n . l) -> [B, 1, H, W]; shading = k_a + k_d * diffuse;
 * texture = ((albedo + 1) / 2 * shading) * 2 - 1 -> [B, 3, H, W].
 * normals ([Bn, 3, H, W]) and albedo ([Ba, 3, H, W]) may have batch 1, broadcast over the B lights.
 */
import { broadcastIndex, checkBroadcast, checkLength } from './batch';

export const LIGHT_SIZE = 4;

export function lightDirection(light: ArrayLike<number>, b: number): [number, number, number] {
  const x = light[b * LIGHT_SIZE + 2];
  const y = light[b * LIGHT_SIZE + 3];
  const len = Math.hypot(x, y, 1);
  return [x / len, y / len, 1 / len];
}

function lightBatch(what: string, light: ArrayLike<number>): number {
  if (light.length === 0 || light.length % LIGHT_SIZE !== 0) {
    throw new Error(`${what}: light must be [B, 4], got ${light.length} values`);
  }
  return light.length / LIGHT_SIZE;
}

export function diffuseForward(
  normals: ArrayLike<number>,
  normalBatch: number,
  light: ArrayLike<number>,
  height: number,
  width: number,
): Float64Array {
  const views = lightBatch('diffuseForward', light);
  checkBroadcast('diffuseForward normals', normalBatch, views);
  const hw = height * width;
  checkLength('diffuseForward normals', normals, normalBatch * 3 * hw, `[${normalBatch}, 3, ${height}, ${width}]`);
  const out = new Float64Array(views * hw);
  for (let b = 0; b < views; b++) {
    const l = lightDirection(light, b);
    const nb = broadcastIndex(normalBatch, b) * 3 * hw;
    for (let i = 0; i < hw; i++) {
      const dot = normals[nb + i] * l[0] + normals[nb + hw + i] * l[1] + normals[nb + 2 * hw + i] * l[2];
      out[b * hw + i] = Math.max(0, dot);
    }
  }
  return out;
}

export function diffuseBackward(
  normals: ArrayLike<number>,
  normalBatch: number,
  light: ArrayLike<number>,
  height: number,
  width: number,
  gradDiffuse: ArrayLike<number>,
): { gradNormals: Float64Array; gradLight: Float64Array } {
  const views = lightBatch('diffuseBackward', light);
  const hw = height * width;
  checkLength('diffuseBackward gradDiffuse', gradDiffuse, views * hw, `[${views}, 1, ${height}, ${width}]`);
  const gradNormals = new Float64Array(normalBatch * 3 * hw);
  const gradLight = new Float64Array(views * LIGHT_SIZE);
  for (let b = 0; b < views; b++) {
    const l = lightDirection(light, b);
    const nb = broadcastIndex(normalBatch, b) * 3 * hw;
    const gl = [0, 0, 0];
    for (let i = 0; i < hw; i++) {
      const n = [normals[nb + i], normals[nb + hw + i], normals[nb + 2 * hw + i]];
      if (n[0] * l[0] + n[1] * l[1] + n[2] * l[2] <= 0) continue;
      const g = gradDiffuse[b * hw + i];
      for (let k = 0; k < 3; k++) {
        gradNormals[nb + k * hw + i] += g * l[k];
        gl[k] += g * n[k];
      }
    }
    // d(v/|v|)/dv with v = (lx, ly, 1): (I - l l^T) / |v|.
    const len = Math.hypot(light[b * LIGHT_SIZE + 2], light[b * LIGHT_SIZE + 3], 1);
    const lg = l[0] * gl[0] + l[1] * gl[1] + l[2] * gl[2];
    gradLight[b * LIGHT_SIZE + 2] = (gl[0] - l[0] * lg) / len;
    gradLight[b * LIGHT_SIZE + 3] = (gl[1] - l[1] * lg) / len;
  }
  return { gradNormals, gradLight };
}

export function textureForward(
  albedo: ArrayLike<number>,
  albedoBatch: number,
  diffuse: ArrayLike<number>,
  light: ArrayLike<number>,
  height: number,
  width: number,
): Float64Array {
  const views = lightBatch('textureForward', light);
  checkBroadcast('textureForward albedo', albedoBatch, views);
  const hw = height * width;
  checkLength('textureForward albedo', albedo, albedoBatch * 3 * hw, `[${albedoBatch}, 3, ${height}, ${width}]`);
  checkLength('textureForward diffuse', diffuse, views * hw, `[${views}, 1, ${height}, ${width}]`);
  const out = new Float64Array(views * 3 * hw);
  for (let b = 0; b < views; b++) {
    const ka = light[b * LIGHT_SIZE];
    const kd = light[b * LIGHT_SIZE + 1];
    const ab = broadcastIndex(albedoBatch, b) * 3 * hw;
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < hw; i++) {
        const shading = ka + kd * diffuse[b * hw + i];
        out[(b * 3 + k) * hw + i] = (albedo[ab + k * hw + i] + 1) * shading - 1;
      }
    }
  }
  return out;
}

export function textureBackward(
  albedo: ArrayLike<number>,
  albedoBatch: number,
  diffuse: ArrayLike<number>,
  light: ArrayLike<number>,
  height: number,
  width: number,
  gradTexture: ArrayLike<number>,
): { gradAlbedo: Float64Array; gradDiffuse: Float64Array; gradLight: Float64Array } {
  const views = lightBatch('textureBackward', light);
  const hw = height * width;
  checkLength('textureBackward gradTexture', gradTexture, views * 3 * hw, `[${views}, 3, ${height}, ${width}]`);
  const gradAlbedo = new Float64Array(albedoBatch * 3 * hw);
  const gradDiffuse = new Float64Array(views * hw);
  const gradLight = new Float64Array(views * LIGHT_SIZE);
  for (let b = 0; b < views; b++) {
    const ka = light[b * LIGHT_SIZE];
    const kd = light[b * LIGHT_SIZE + 1];
    const ab = broadcastIndex(albedoBatch, b) * 3 * hw;
    let gKa = 0;
    let gKd = 0;
    for (let i = 0; i < hw; i++) {
      const shading = ka + kd * diffuse[b * hw + i];
      let gShading = 0;
      for (let k = 0; k < 3; k++) {
        const g = gradTexture[(b * 3 + k) * hw + i];
        gradAlbedo[ab + k * hw + i] += g * shading;
        gShading += g * (albedo[ab + k * hw + i] + 1);
      }
      gradDiffuse[b * hw + i] = gShading * kd;
      gKa += gShading;
      gKd += gShading * diffuse[b * hw + i];
    }
    gradLight[b * LIGHT_SIZE] = gKa;
    gradLight[b * LIGHT_SIZE + 1] = gKd;
  }
  return { gradAlbedo, gradDiffuse, gradLight };
}
