/**
 * `npm run eval:relief -- --data DIR --pred EVAL_OUT`: for every image eval:method scored in EVAL_OUT, SIDE and
 * MAD as recovered and at the relief factor that fits the ground truth best (src/gan2shape/eval/reliefDiagnostic.ts):
 * whether the recovered shapes are wrong in form or only too deep or too flat. A diagnostic that looks at the
 * ground truth; the method's numbers are eval:method's. The ellipsoid prior each run started from gets the same
 * treatment: if the method only kept the prior's form, both would score alike at their best relief.
 * The last line of stdout is one JSON object.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { meanStd } from '../data/metrics/depthMetrics';
import { loadGroundTruth } from '../data/metrics/evaluateDataset';
import { readNpy } from '../data/synth/npy';
import { resampleSquare } from '../gan2shape/eval/methodEval';
import { type ReliefDiagnostic, reliefDiagnostic } from '../gan2shape/eval/reliefDiagnostic';
import { ellipsoidPrior } from '../gan2shape/prior/ellipsoid';
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

const SPECS: OptionSpecs = {
  data: { kind: 'string', value: 'DIR', help: 'the synth test folder eval:method ran on', required: true },
  pred: { kind: 'string', value: 'DIR', help: "eval:method's --out folder", required: true },
};

interface ScoredImage {
  index: number;
  methodSize: number;
  depthFile: string;
  error?: string;
}

export function evalReliefMain(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const help = usage('eval:relief', 'SIDE/MAD of eval:method results at their best relief factor', SPECS);
  return runCommand(
    async () => {
      const options = parseOptions(argv, SPECS);
      const data = stringOption(options, 'data')!;
      const pred = stringOption(options, 'pred')!;
      const folder = join(pred, 'images');
      if (!existsSync(folder)) throw new CliError(`${folder} does not exist: run eval:method with --out ${pred} first`);
      const images = readdirSync(folder)
        .filter((f) => /^\d+\.json$/.test(f))
        .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as ScoredImage)
        .filter((r) => r.error === undefined)
        .sort((a, b) => a.index - b.index);
      if (images.length === 0) throw new CliError(`${folder} holds no scored image`);
      const truth = loadGroundTruth(data);
      const size = truth.size;
      io.out(
        `${'index'.padStart(6)} ${'SIDE x1e-2'.padStart(11)} ${'MAD'.padStart(7)}   best relief ${'SIDE'.padStart(7)} ${'MAD'.padStart(7)}` +
          `   prior: best relief ${'SIDE'.padStart(7)} ${'MAD'.padStart(7)}\n`,
      );
      const rows: (ReliefDiagnostic & { index: number; prior: ReliefDiagnostic })[] = [];
      for (const r of images) {
        const gt = truth.depth[r.index];
        const recovered = Float32Array.from(readNpy(join(folder, r.depthFile)).data as Float32Array);
        const atSize = r.methodSize === size ? recovered : resampleSquare(recovered, r.methodSize, size);
        const mask = Float32Array.from(truth.mask[r.index], (v) => (v ? 1 : 0));
        const prior = reliefDiagnostic(ellipsoidPrior(mask, size, { category: 'synface' }), gt, size);
        const d = { index: r.index, ...reliefDiagnostic(atSize, gt, size), prior };
        rows.push(d);
        io.out(
          `${String(d.index).padStart(6)} ${(d.sideAsRecovered * 100).toFixed(3).padStart(11)} ${d.madAsRecovered.toFixed(2).padStart(7)}   ` +
            `x${d.scale.toFixed(2).padStart(4)}       ${(d.side * 100).toFixed(3).padStart(7)} ${d.mad.toFixed(2).padStart(7)}   ` +
            `       x${prior.scale.toFixed(2).padStart(4)}       ${(prior.side * 100).toFixed(3).padStart(7)} ${prior.mad.toFixed(2).padStart(7)}\n`,
        );
      }
      const mean = (f: (d: (typeof rows)[number]) => number) => meanStd(rows.map(f)).mean;
      const summary = {
        count: rows.length,
        side_as_recovered: mean((d) => d.sideAsRecovered),
        mad_as_recovered: mean((d) => d.madAsRecovered),
        relief_scale_mean: mean((d) => d.scale),
        side_at_best_relief: mean((d) => d.side),
        mad_at_best_relief: mean((d) => d.mad),
        prior_relief_scale_mean: mean((d) => d.prior.scale),
        prior_side_at_best_relief: mean((d) => d.prior.side),
        prior_mad_at_best_relief: mean((d) => d.prior.mad),
      };
      io.out(`${JSON.stringify(summary)}\n`);
      return 0;
    },
    io,
    help,
  );
}
