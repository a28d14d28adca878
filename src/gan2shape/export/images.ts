/**
 * Image exports: 16-bit depth PNG in the evaluation's convention (white = near: g = (1.1 - d) / 0.2, so
 * d = 1 + 0.1 (1 - 2g) reads it back), normal-map PNG, and 8-bit RGB PNG textures from CHW [-1, 1] tensors.
 */
import { encode } from 'fast-png';
import { grey16ToDepth } from '../../data/synth/groundTruthPng';

export const DEPTH_PNG_NEAR = 0.9;
export const DEPTH_PNG_FAR = 1.1;

export function depthToPng16(depth: ArrayLike<number>, size: number): Uint8Array {
  const data = new Uint16Array(size * size);
  for (let i = 0; i < size * size; i++) {
    const g = (DEPTH_PNG_FAR - depth[i]) / (DEPTH_PNG_FAR - DEPTH_PNG_NEAR);
    data[i] = Math.round(Math.min(Math.max(g, 0), 1) * 65535);
  }
  return encode({ width: size, height: size, data, depth: 16, channels: 1 });
}

/**
 * Inverse of depthToPng16's value mapping: the same convention as the synthetic ground truth, so one reader
 * (src/data/synth/groundTruthPng.ts) serves both.
 */
export const png16ValueToDepth = grey16ToDepth;

/**
 * Normals (x right, y down, +z towards the camera, interleaved xyz per pixel) as an OpenGL-style normal map:
 * RGB = (nx, -ny, nz) * 0.5 + 0.5, so "up" is green as most tools expect.
 */
export function normalsToPng(normals: ArrayLike<number>, size: number): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const nx = normals[i * 3];
    const ny = -normals[i * 3 + 1];
    const nz = normals[i * 3 + 2];
    data[i * 3] = Math.round((nx * 0.5 + 0.5) * 255);
    data[i * 3 + 1] = Math.round((ny * 0.5 + 0.5) * 255);
    data[i * 3 + 2] = Math.round((nz * 0.5 + 0.5) * 255);
  }
  return encode({ width: size, height: size, data, depth: 8, channels: 3 });
}

export function chwToPng(chw: ArrayLike<number>, size: number): Uint8Array {
  const plane = size * size;
  const data = new Uint8Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = (chw[ch * plane + i] + 1) / 2;
      data[i * 3 + ch] = Math.round(Math.min(Math.max(v, 0), 1) * 255);
    }
  }
  return encode({ width: size, height: size, data, depth: 8, channels: 3 });
}
