/** All export files of a result, built from one snapshot; the app turns them into downloads. */
import { zipSync } from 'fflate';
import type { Snapshot } from '../runner/types';
import { chwToPng, depthToPng16, normalsToPng } from './images';
import { depthToMesh } from './mesh';
import { meshToObj } from './obj';

export interface ResultSettings {
  preset: string;
  imageName: string;
  crop: { x: number; y: number; size: number };
  mask: { cx: number; cy: number; rx: number; ry: number };
  model: string;
}

/** OBJ + MTL + texture PNG in one zip (three files that only work together). */
export function objZip(snapshot: Snapshot, texture: Float32Array, baseName = 'gan2shape'): Uint8Array {
  const mesh = depthToMesh(snapshot.depth, snapshot.size);
  const { obj, mtl } = meshToObj(mesh, baseName, `${baseName}.png`);
  const enc = new TextEncoder();
  return zipSync({
    [`${baseName}.obj`]: enc.encode(obj),
    [`${baseName}.mtl`]: enc.encode(mtl),
    [`${baseName}.png`]: chwToPng(texture, snapshot.size),
  });
}

export function depthPng(snapshot: Snapshot): Uint8Array {
  return depthToPng16(snapshot.depth, snapshot.size);
}

export function normalPng(snapshot: Snapshot): Uint8Array | null {
  return snapshot.normals ? normalsToPng(snapshot.normals, snapshot.size) : null;
}

export function resultJson(snapshot: Snapshot, settings: ResultSettings): string {
  return JSON.stringify(
    {
      format: 'gan2shape-webgpu-result-v1',
      stage: snapshot.stage,
      step: snapshot.step,
      iteration: snapshot.iteration,
      size: snapshot.size,
      view: snapshot.view ?? null,
      light: snapshot.light ?? null,
      conventions: {
        depth: 'world units, camera at the origin looking down +z, fov 10 degrees; depth PNG g = (1.1 - d) / 0.2',
        view: '[rx, ry, rz] radians (R = Rz Ry Rx about (0,0,1)), [tx, ty, tz] world units',
        light: '[ambient, diffuse, dx, dy]: direction normalize(dx, dy, 1)',
      },
      settings,
    },
    null,
    2,
  );
}
