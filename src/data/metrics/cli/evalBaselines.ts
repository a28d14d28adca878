// npm run eval:baselines -- --data DIR [--pred PRED.npy --name NAME]
// Prints the synthetic-face table (docs/EVALUATION.md): the reference baselines, and optionally a row for a
// float32 [N,S,S] .npy of predicted depth maps in the input view.

import { readNpy } from '../../synth/npy';
import { baselineRows, loadGroundTruth, markdownTable, scoreRow, type TableRow } from '../evaluateDataset';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const data = arg('data');
  if (!data) throw new Error('eval:baselines: --data DIR (a synface-v1 folder) is required');
  const gt = loadGroundTruth(data);
  const rows: TableRow[] = baselineRows(gt);
  const predPath = arg('pred');
  if (predPath) {
    const pred = readNpy(predPath);
    const px = gt.size * gt.size;
    if (pred.dtype !== 'float32' || pred.shape.join() !== [gt.depth.length, gt.size, gt.size].join()) {
      throw new Error(`eval:baselines: ${predPath} must be float32 [${gt.depth.length},${gt.size},${gt.size}]`);
    }
    rows.push(scoreRow(arg('name') ?? predPath, gt, (i) => (pred.data as Float32Array).subarray(i * px, (i + 1) * px)));
  }
  console.log(markdownTable(rows));
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
