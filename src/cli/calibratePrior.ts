/**
 * `npm run calibrate:prior -- --data DIR`: scores the ellipsoid prior at every apex depth of a grid on a synth
 * folder (src/gan2shape/eval/priorCalibration.ts) and names the one with the lowest MAD. Only a training split is
 * accepted: the chosen depth becomes the method's prior, and the method is reported on the test split, so picking
 * it on test images would tune the reported numbers. The last line of stdout is one JSON object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGroundTruth } from '../data/metrics/evaluateDataset';
import { calibratePrior } from '../gan2shape/eval/priorCalibration';
import { PRIOR_NEAR, type PriorCategory, priorFar } from '../gan2shape/prior/ellipsoid';
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

const CATEGORIES = Object.keys(PRIOR_NEAR) as PriorCategory[];

const SPECS: OptionSpecs = {
  data: {
    kind: 'string',
    value: 'DIR',
    help: 'a synth folder of the training split (npm run synth -- --seed 0)',
    required: true,
  },
  category: {
    kind: 'string',
    value: 'C',
    help: `box adjustments of the prior: ${CATEGORIES.join(', ')} (default synface)`,
  },
};

export function calibratePriorMain(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const help = usage('calibrate:prior', 'the ellipsoid prior depth that fits a training split best', SPECS);
  return runCommand(
    async () => {
      const options = parseOptions(argv, SPECS);
      const data = stringOption(options, 'data')!;
      const category = (stringOption(options, 'category') ?? 'synface') as PriorCategory;
      if (!CATEGORIES.includes(category))
        throw new CliError(`--category must be one of ${CATEGORIES.join(', ')}, got '${category}'`);
      const metaFile = join(data, 'meta.json');
      if (!existsSync(metaFile)) throw new CliError(`${metaFile} does not exist: is ${data} a synth folder?`);
      const split = (JSON.parse(readFileSync(metaFile, 'utf8')) as { split?: string }).split;
      if (split !== 'train')
        throw new CliError(
          `${data} is the '${split}' split: calibrate on the training split (npm run synth -- --seed 0 ...), ` +
            'the method is reported on the test split',
        );
      const truth = loadGroundTruth(data);
      const { rows, best } = calibratePrior(truth, category);
      io.out(`${'near'.padStart(6)} ${'relief'.padStart(7)} ${'SIDE x1e-2'.padStart(11)} ${'MAD'.padStart(7)}\n`);
      for (const r of rows)
        io.out(
          `${r.near.toFixed(3).padStart(6)} ${(priorFar(category) - r.near).toFixed(3).padStart(7)} ${(r.side * 100).toFixed(3).padStart(11)} ` +
            `${r.mad.toFixed(2).padStart(7)}${r === best ? '  <- lowest MAD' : ''}\n`,
        );
      io.out(
        `${JSON.stringify({ category, images: truth.depth.length, best_near: best.near, side: best.side, mad: best.mad, current_near: PRIOR_NEAR[category] })}\n`,
      );
      return 0;
    },
    io,
    help,
  );
}
