/**
 * npm run eval:baselines -- --data DIR [--pred PRED.npy --name NAME]
 * Prints the synthetic-face table (docs/EVALUATION.md): the reference baselines, and optionally a row for a
 * float32 [N,S,S] .npy of predicted depth maps in the input view.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type GroundTruthSet,
  loadGroundTruth,
  markdownTable,
  scoreRow,
  type TableRow,
} from '../data/metrics/evaluateDataset';
import { readNpy } from '../data/synth/npy';
import { baselineRows } from '../gan2shape/eval/baselines';
import {
  CliError,
  type CliIo,
  type OptionSpecs,
  parseOptions,
  processIo,
  runCommand,
  stringOption,
  usage,
} from './args';

export const EVAL_BASELINES_OPTIONS: OptionSpecs = {
  data: { kind: 'string', value: 'DIR', help: 'a synface-v1 folder (npm run synth)', required: true },
  pred: { kind: 'string', value: 'FILE.npy', help: 'also score float32 [N,S,S] predicted depth in the input view' },
  name: { kind: 'string', value: 'NAME', help: "the prediction's row name (default: the file name)" },
};

const USAGE = usage(
  'eval:baselines',
  'SIDE/MAD of the baseline depths on a synthetic test set.',
  EVAL_BASELINES_OPTIONS,
);

/** The ground truth of a synface-v1 folder, with a one-line error when it is not one. */
export function loadDataFolder(dir: string): GroundTruthSet {
  if (!existsSync(dir)) throw new CliError(`--data ${dir} does not exist`);
  if (!existsSync(join(dir, 'depth.npy')) || !existsSync(join(dir, 'mask.npy')))
    throw new CliError(`--data ${dir} is not a synface-v1 folder: depth.npy and mask.npy are needed (npm run synth)`);
  try {
    return loadGroundTruth(dir);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}

function evalBaselines(argv: readonly string[], io: CliIo): number {
  const o = parseOptions(argv, EVAL_BASELINES_OPTIONS);
  const gt = loadDataFolder(stringOption(o, 'data')!);
  const rows: TableRow[] = baselineRows(gt);
  const predPath = stringOption(o, 'pred');
  if (predPath) {
    if (!existsSync(predPath)) throw new CliError(`--pred ${predPath} does not exist`);
    const pred = readNpy(predPath);
    const px = gt.size * gt.size;
    if (pred.dtype !== 'float32' || pred.shape.join() !== [gt.depth.length, gt.size, gt.size].join()) {
      throw new CliError(`--pred ${predPath} must be float32 [${gt.depth.length},${gt.size},${gt.size}]`);
    }
    const data = pred.data as Float32Array;
    rows.push(scoreRow(stringOption(o, 'name') ?? predPath, gt, (i) => data.subarray(i * px, (i + 1) * px)));
  }
  io.out(`${markdownTable(rows)}\n`);
  return 0;
}

export function evalBaselinesMain(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runCommand(async () => evalBaselines(argv, io), io, USAGE);
}
