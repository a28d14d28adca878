/**
 * The files `npm run reconstruct` writes for a snapshot, built with the app's exports (src/gan2shape/export):
 * the final result (maps, arrays, meshes, result.json) and the per-phase snapshot PNGs.
 */
import { join } from 'node:path';
import { depthPng, normalPng, type ResultSettings, resultJson } from '../gan2shape/export/bundle';
import { meshToGlb } from '../gan2shape/export/glb';
import { chwToPng, DEPTH_PNG_FAR, DEPTH_PNG_NEAR } from '../gan2shape/export/images';
import { depthToMesh } from '../gan2shape/export/mesh';
import { meshToObj } from '../gan2shape/export/obj';
import type { Snapshot } from '../gan2shape/runner/types';
import { greyPng, maxOf, tileRowsPng, writeFileAtomic, writeJson, writeNpy } from './writers';

/** How depth.png encodes depth (written into result.json). */
export const DEPTH_PNG_MAPPING = {
  bits: 16,
  near: DEPTH_PNG_NEAR,
  far: DEPTH_PNG_FAR,
  encode: `v = round(65535 * clamp((${DEPTH_PNG_FAR} - d) / ${(DEPTH_PNG_FAR - DEPTH_PNG_NEAR).toFixed(1)}, 0, 1)): near = bright`,
  decode: `d = ${DEPTH_PNG_FAR} - ${(DEPTH_PNG_FAR - DEPTH_PNG_NEAR).toFixed(1)} * v / 65535`,
} as const;

/** The side of a square CHW RGB map from its length. */
function chwSize(chw: Float32Array): number {
  return Math.round(Math.sqrt(chw.length / 3));
}

export interface ResultFiles {
  /** Files written, relative to the output folder. */
  files: string[];
  /** Fields of the snapshot that were absent (their files are not written). */
  missing: string[];
  /** shading.png = shading / shadingScale (its maximum), 8-bit grey. */
  shadingScale: number | null;
}

/**
 * The final result: depth.png/.npy, recon_depth.npy, normals/albedo/shading/reconstruction/gan_image PNGs,
 * mesh.obj + mesh.mtl + mesh.png and mesh.glb (textured with the albedo, else with the input image).
 */
export function writeResultFiles(dir: string, snapshot: Snapshot, inputImage: Float32Array): ResultFiles {
  const S = snapshot.size;
  const files: string[] = [];
  const missing: string[] = [];
  const put = (name: string, data: Uint8Array | string) => {
    writeFileAtomic(join(dir, name), data);
    files.push(name);
  };
  put('depth.png', depthPng(snapshot));
  writeNpy(join(dir, 'depth.npy'), snapshot.depth, [S, S]);
  files.push('depth.npy');
  if (snapshot.reconDepth) {
    writeNpy(join(dir, 'recon_depth.npy'), snapshot.reconDepth, [S, S]);
    files.push('recon_depth.npy');
  } else missing.push('reconDepth');
  const normals = normalPng(snapshot);
  if (normals) put('normals.png', normals);
  else missing.push('normals');
  const maps: [keyof Snapshot, string][] = [
    ['albedo', 'albedo.png'],
    ['reconstruction', 'reconstruction.png'],
    ['ganImage', 'gan_image.png'],
  ];
  for (const [field, name] of maps) {
    const chw = snapshot[field] as Float32Array | undefined;
    if (chw) put(name, chwToPng(chw, chwSize(chw)));
    else missing.push(field);
  }
  let shadingScale: number | null = null;
  if (snapshot.shading) {
    const plane = snapshot.shading.subarray(0, S * S);
    shadingScale = maxOf(plane);
    put('shading.png', greyPng(plane, S, shadingScale));
  } else missing.push('shading');

  const texture = chwToPng(snapshot.albedo ?? inputImage, S);
  const mesh = depthToMesh(snapshot.depth, S);
  const { obj, mtl } = meshToObj(mesh, 'mesh', 'mesh.png');
  put('mesh.obj', obj);
  put('mesh.mtl', mtl);
  put('mesh.png', texture);
  put('mesh.glb', meshToGlb(mesh, texture, 'gan2shape'));
  return { files, missing, shadingScale };
}

/** result.json: the app's settings JSON (view, light, conventions) plus what the CLI knows about the run. */
export function writeResultJson(
  dir: string,
  snapshot: Snapshot,
  settings: ResultSettings,
  extra: Record<string, unknown>,
): void {
  const base = JSON.parse(resultJson(snapshot, settings)) as Record<string, unknown>;
  writeJson(join(dir, 'result.json'), {
    ...base,
    psnr: snapshot.ganPsnr ?? null,
    depthPng: DEPTH_PNG_MAPPING,
    ...extra,
  });
}

/**
 * The PNGs of the snapshot that ends a phase, under snapshots/: <stage>_<step>_depth.png (16-bit, as
 * depth.png), _albedo.png, _reconstruction.png when present, and _pseudo.png (rows: pseudo samples, their
 * projections G(w + dw), pseudo masks) when the snapshot carries step 2's pseudo samples.
 */
export function writePhaseSnapshot(dir: string, snapshot: Snapshot): string[] {
  const S = snapshot.size;
  const base = `${snapshot.stage}_${snapshot.step}`;
  const written: string[] = [];
  const put = (name: string, data: Uint8Array) => {
    const rel = join('snapshots', `${base}_${name}`);
    writeFileAtomic(join(dir, rel), data);
    written.push(rel);
  };
  put('depth.png', depthPng(snapshot));
  if (snapshot.albedo) put('albedo.png', chwToPng(snapshot.albedo, S));
  if (snapshot.reconstruction) put('reconstruction.png', chwToPng(snapshot.reconstruction, S));
  if (snapshot.pseudo && snapshot.pseudo.count > 0) {
    const p = snapshot.pseudo;
    const size = Math.round(Math.sqrt(p.masks.length / p.count));
    put(
      'pseudo.png',
      tileRowsPng(
        [
          { data: p.images, channels: 3 },
          { data: p.projections, channels: 3 },
          { data: p.masks, channels: 1 },
        ],
        p.count,
        size,
      ),
    );
  }
  return written;
}
