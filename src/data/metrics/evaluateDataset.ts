// Scores depth predictions against a synface-v1 dataset folder (Node only): per-image SIDE/MAD, then
// mean +- std over the images, as the paper's table. The rows that need the method (the ellipsoid prior, the
// method itself) are built in src/gan2shape/eval on top of this file.
import { join } from 'node:path';
import { readNpy } from '../synth/npy';
import { type DepthScores, meanStd, scoreDepth } from './depthMetrics';
import type { DepthMap } from './normalsFromDepth';

export interface GroundTruthSet {
  size: number;
  depth: Float32Array[];
  mask: Uint8Array[];
}

export function loadGroundTruth(dir: string): GroundTruthSet {
  const depth = readNpy(join(dir, 'depth.npy'));
  const mask = readNpy(join(dir, 'mask.npy'));
  if (depth.dtype !== 'float32' || depth.shape.length !== 3 || depth.shape[1] !== depth.shape[2])
    throw new Error(`${dir}/depth.npy: expected float32 [N,S,S]`);
  if (mask.dtype !== 'uint8' || mask.shape.join() !== depth.shape.join())
    throw new Error(`${dir}/mask.npy: expected uint8 with the depth's shape`);
  const [n, size] = depth.shape;
  const px = size * size;
  return {
    size,
    depth: Array.from({ length: n }, (_, i) => (depth.data as Float32Array).subarray(i * px, (i + 1) * px)),
    mask: Array.from({ length: n }, (_, i) => (mask.data as Uint8Array).subarray(i * px, (i + 1) * px)),
  };
}

export interface TableRow {
  name: string;
  side: { mean: number; std: number };
  mad: { mean: number; std: number };
  /** MAD with exactly unit normals (no reference-epsilon floor) */
  madUnit: { mean: number; std: number };
  images: number;
}

export function scoreRow(name: string, gt: GroundTruthSet, predict: (i: number) => DepthMap): TableRow {
  const ref: DepthScores[] = [];
  const unit: DepthScores[] = [];
  gt.depth.forEach((d, i) => {
    const pred = predict(i);
    ref.push(scoreDepth(pred, d, gt.size));
    unit.push(scoreDepth(pred, d, gt.size, { normalEpsilon: 0 }));
  });
  return {
    name,
    side: meanStd(ref.map((s) => s.side)),
    mad: meanStd(ref.map((s) => s.mad)),
    madUnit: meanStd(unit.map((s) => s.mad)),
    images: ref.length,
  };
}

/** Images first .. first + count - 1 of a ground-truth set (views into the same arrays). */
export function subsetGroundTruth(gt: GroundTruthSet, first: number, count: number): GroundTruthSet {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || first + count > gt.depth.length)
    throw new Error(`images ${first}..${first + count - 1} are not all in a set of ${gt.depth.length}`);
  return {
    size: gt.size,
    depth: gt.depth.slice(first, first + count),
    mask: gt.mask.slice(first, first + count),
  };
}

export function markdownTable(rows: TableRow[]): string {
  const f = (m: { mean: number; std: number }, scale: number, digits: number) =>
    `${(m.mean * scale).toFixed(digits)} ± ${(m.std * scale).toFixed(digits)}`;
  const lines = [
    '| depth | SIDE (×10⁻²) ↓ | MAD (deg.) ↓ | MAD, unit normals (deg.) ↓ | images |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.name} | ${f(r.side, 100, 3)} | ${f(r.mad, 1, 2)} | ${f(r.madUnit, 1, 2)} | ${r.images} |`,
    ),
  ];
  return lines.join('\n');
}
