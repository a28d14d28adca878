/**
 * npm run eval:method -- --data DIR --count N --preset P --out DIR [--first K] [--model DIR] [--seed N]
 * Runs the method on images first .. first+N-1 of a synface-v1 test folder (input = the image, mask = its
 * ground-truth mask, category synface, crop = the whole image), scores the final reconDepth with SIDE/MAD
 * (src/gan2shape/eval/methodEval.ts) and sets the mean +- std beside the baselines on the same images.
 * Each image's result is written to OUT/images/<index>.json (+ <index>_recon_depth.npy) as soon as it is
 * done, and existing results are skipped: a killed run continues where it stopped. The last line of stdout is
 * one JSON object with the summary.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { meanStd } from '../data/metrics/depthMetrics';
import { type GroundTruthSet, scoreRow, subsetGroundTruth } from '../data/metrics/evaluateDataset';
import { readNpy } from '../data/synth/npy';
import type { EngineDevice } from '../engine/device';
import { baselines } from '../gan2shape/eval/baselines';
import { type MethodScores, scoreReconDepth, synthRunInput } from '../gan2shape/eval/methodEval';
import { PRESETS, type PresetName } from '../gan2shape/presets/presets';
import type { RunInput } from '../gan2shape/runner/input';
import { methodImageSize, methodModel } from '../gan2shape/start';
import {
  CliError,
  type CliIo,
  formatDuration,
  intOption,
  type OptionSpecs,
  parseOptions,
  presetOption,
  processIo,
  runCommand,
  stringOption,
  usage,
} from './args';
import {
  DEFAULT_MODEL_DIR,
  describeAdapter,
  engineBackend,
  loadModelDir,
  loadModelEncoder,
  openEngine,
} from './engine';
import { loadDataFolder } from './evalBaselines';
import { ProgressPrinter } from './progress';
import { runMethod } from './runMethod';
import { writeJson, writeNpy } from './writers';

export const EVAL_METHOD_OPTIONS: OptionSpecs = {
  data: {
    kind: 'string',
    value: 'DIR',
    help: 'a synface-v1 test folder (npm run synth -- --seed 1000000 ...)',
    required: true,
  },
  count: { kind: 'string', value: 'N', help: 'number of images to score', required: true },
  first: { kind: 'string', value: 'K', help: 'index of the first image (default 0)' },
  preset: { kind: 'string', value: 'P', help: `run preset: ${Object.keys(PRESETS).join(', ')}`, required: true },
  out: {
    kind: 'string',
    value: 'DIR',
    help: 'results folder (per-image JSON; rerun the same command to resume)',
    required: true,
  },
  model: { kind: 'string', value: 'DIR', help: `StyleGAN2 bundle folder (default ${DEFAULT_MODEL_DIR})` },
  seed: {
    kind: 'string',
    value: 'N',
    help: 'seed of the nets and pseudo samples, the same for every image (default 0)',
  },
};

export const EVAL_METHOD_USAGE = usage(
  'eval:method',
  'Scores the method (SIDE/MAD of its depth in the input view) on synthetic faces, beside the baselines.',
  EVAL_METHOD_OPTIONS,
);

export interface EvalMethodArgs {
  data: string;
  count: number;
  first: number;
  preset: PresetName;
  out: string;
  model: string;
  seed: number;
}

export function parseEvalMethodArgs(argv: readonly string[]): EvalMethodArgs {
  const o = parseOptions(argv, EVAL_METHOD_OPTIONS);
  return {
    data: stringOption(o, 'data')!,
    count: intOption(o, 'count', 0, { min: 1 }),
    first: intOption(o, 'first', 0, { min: 0 }),
    preset: presetOption(o, 'cpu'),
    out: stringOption(o, 'out')!,
    model: stringOption(o, 'model') ?? DEFAULT_MODEL_DIR,
    seed: intOption(o, 'seed', 0, { min: 0, max: 2 ** 31 - 1 }),
  };
}

/** What one image's run gives back. */
export interface ImageRun {
  reconDepth: Float32Array;
  size: number;
  ganPsnr?: number;
  view?: number[];
  light?: number[];
}

/** Runs the method on inputs (the real one: the model on the engine; tests pass a fake). */
export interface ImageMethod {
  adapter: string;
  /** The method's image size S (inputs are prepared at it). */
  size: number;
  run(input: RunInput, label: string): Promise<ImageRun>;
  release(): void;
}

export interface ImageMethodFactory {
  /** The model's name (its manifest), known before anything is loaded: results record it. */
  modelName: string;
  /** Opened only when at least one image has no result yet. */
  open(): Promise<ImageMethod>;
}

export const IMAGE_RESULT_FORMAT = 'gan2shape-eval-image-v1';

export interface ImageResult extends Partial<MethodScores> {
  format: typeof IMAGE_RESULT_FORMAT;
  index: number;
  /** The sample's synth seed (samples.jsonl). */
  sampleSeed: number | null;
  preset: PresetName;
  model: string;
  seed: number;
  methodSize: number;
  dataSize: number;
  adapter: string;
  seconds: number;
  ganPsnr: number | null;
  view: number[] | null;
  light: number[] | null;
  /** reconDepth as float32 [S, S], beside this file. */
  depthFile: string;
  /** Set when the image could not be scored (e.g. an empty evaluation mask); it is left out of the means. */
  error?: string;
}

/** The identity of a results folder: results of another preset, model or seed are never mixed. */
interface RunIdentity {
  preset: PresetName;
  model: string;
  seed: number;
}

function readModelName(dir: string): string {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(dir))
    throw new CliError(
      `model folder ${dir} does not exist (--model takes a bundle folder such as ${DEFAULT_MODEL_DIR})`,
    );
  if (!existsSync(manifest))
    throw new CliError(`${dir} is not a model bundle: it has no manifest.json (see docs/MODEL_BUNDLE.md)`);
  try {
    const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  } catch {
    // reported below
  }
  throw new CliError(`${manifest} is not a valid bundle manifest (no name)`);
}

/** The method on the engine: model uploaded once, one run per image. */
export function engineMethodFactory(args: EvalMethodArgs, io: CliIo, engine?: EngineDevice): ImageMethodFactory {
  return {
    modelName: readModelName(args.model),
    async open() {
      const bundle = await loadModelDir(args.model);
      const device = engine ?? (await openEngine());
      const backend = engineBackend(device);
      const model = methodModel(backend, bundle, await loadModelEncoder(args.model));
      const preset = PRESETS[args.preset];
      return {
        adapter: describeAdapter(device.adapter),
        size: methodImageSize(preset, bundle.config.size),
        async run(input, label) {
          const printer = new ProgressPrinter(io, { prefix: `${label} `, plainEverySeconds: 15 });
          let outcome: Awaited<ReturnType<typeof runMethod>>;
          try {
            outcome = await runMethod(
              backend,
              input,
              model,
              preset,
              { seed: args.seed },
              { onProgress: (p) => printer.update(p) },
            );
          } finally {
            printer.finish();
          }
          const final = outcome.final;
          if (outcome.state !== 'done' || !final?.reconDepth)
            throw new CliError(`${label}: the run ${outcome.state}${outcome.error ? `: ${outcome.error}` : ''}`, 1);
          return {
            reconDepth: final.reconDepth,
            size: final.size,
            ganPsnr: final.ganPsnr,
            view: final.view,
            light: final.light,
          };
        },
        release() {
          model.release();
          backend.destroy();
        },
      };
    },
  };
}

/** The synth seed of every sample (samples.jsonl; else meta.json's first seed + index; else null). */
export function sampleSeeds(dir: string, count: number): (number | null)[] {
  const seeds: (number | null)[] = new Array(count).fill(null);
  const jsonl = join(dir, 'samples.jsonl');
  if (existsSync(jsonl)) {
    for (const line of readFileSync(jsonl, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const s = JSON.parse(line) as { index?: number; seed?: number };
      if (typeof s.index === 'number' && typeof s.seed === 'number' && s.index < count) seeds[s.index] = s.seed;
    }
    return seeds;
  }
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) {
    const first = (JSON.parse(readFileSync(meta, 'utf8')) as { seed?: number }).seed;
    if (typeof first === 'number') return seeds.map((_, i) => first + i);
  }
  return seeds;
}

export function imageResultPath(out: string, index: number): string {
  return join(out, 'images', `${index}.json`);
}

/**
 * The stored result of an image when there is a complete one; null when it must (re)run. A result of another
 * preset, model or seed is an error: the folder belongs to another evaluation.
 */
export function readImageResult(out: string, index: number, identity: RunIdentity): ImageResult | null {
  const path = imageResultPath(out, index);
  if (!existsSync(path)) return null;
  let r: ImageResult;
  try {
    r = JSON.parse(readFileSync(path, 'utf8')) as ImageResult;
  } catch {
    return null; // unreadable: run the image again
  }
  if (r.format !== IMAGE_RESULT_FORMAT || r.index !== index) return null;
  for (const key of ['preset', 'model', 'seed'] as const) {
    if (r[key] !== identity[key])
      throw new CliError(
        `${path} was made with ${key} ${r[key]}, this run uses ${identity[key]}: use another --out (or delete that folder)`,
      );
  }
  return r;
}

/** OUT/evaluation.json names the evaluation a folder holds; another preset, model or seed needs another folder. */
function checkEvaluationFolder(args: EvalMethodArgs, identity: RunIdentity): void {
  const path = join(args.out, 'evaluation.json');
  if (existsSync(args.out) && !statSync(args.out).isDirectory())
    throw new CliError(`--out ${args.out} exists and is not a folder`);
  if (existsSync(path)) {
    let stored: Partial<RunIdentity> = {};
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunIdentity>;
    } catch {
      // rewritten below
    }
    for (const key of ['preset', 'model', 'seed'] as const) {
      if (stored[key] !== undefined && stored[key] !== identity[key])
        throw new CliError(
          `${args.out} holds an evaluation with ${key} ${stored[key]}, this run uses ${identity[key]}: use another --out`,
        );
    }
  }
  mkdirSync(join(args.out, 'images'), { recursive: true });
  writeJson(path, {
    format: 'gan2shape-eval-method-v1',
    data: resolve(args.data),
    ...identity,
    note: 'one JSON per image under images/ (written when the image is done); rerun the same command to resume',
  });
}

export interface Summary {
  preset: PresetName;
  count: number;
  first: number;
  adapter: string;
  side_mean: number;
  side_std: number;
  mad_mean: number;
  mad_std: number;
  mad_unit_mean: number;
  mad_unit_std: number;
  minutes_per_image: number;
  /** Images that could not be scored (left out of the means). */
  failed: number;
  baselines: Record<
    string,
    {
      side_mean: number;
      side_std: number;
      mad_mean: number;
      mad_std: number;
      mad_unit_mean: number;
      mad_unit_std: number;
    }
  >;
}

const nan = { mean: Number.NaN, std: Number.NaN };
const stats = (values: number[]) => (values.length > 0 ? meanStd(values) : nan);

/** Means +- std of the method over the scored images and of the baselines on the same images. */
export function summarize(args: EvalMethodArgs, results: ImageResult[], gt: GroundTruthSet, adapter: string): Summary {
  const ok = results.filter((r) => r.error === undefined && r.side !== undefined);
  const side = stats(ok.map((r) => r.side!));
  const mad = stats(ok.map((r) => r.mad!));
  const madUnit = stats(ok.map((r) => r.madUnit!));
  const subset = subsetGroundTruth(gt, args.first, args.count);
  const rows: Summary['baselines'] = {};
  for (const b of baselines(subset)) {
    const row = scoreRow(b.name, subset, b.predict);
    rows[b.key] = {
      side_mean: row.side.mean,
      side_std: row.side.std,
      mad_mean: row.mad.mean,
      mad_std: row.mad.std,
      mad_unit_mean: row.madUnit.mean,
      mad_unit_std: row.madUnit.std,
    };
  }
  return {
    preset: args.preset,
    count: args.count,
    first: args.first,
    adapter,
    side_mean: side.mean,
    side_std: side.std,
    mad_mean: mad.mean,
    mad_std: mad.std,
    mad_unit_mean: madUnit.mean,
    mad_unit_std: madUnit.std,
    minutes_per_image: stats(results.map((r) => r.seconds / 60)).mean,
    failed: results.length - ok.length,
    baselines: rows,
  };
}

const BASELINE_NAMES: Record<string, string> = {
  null_depth: 'Constant null depth',
  average_gt: 'Average ground-truth depth',
  ellipsoid: "Ellipsoid prior, GAN2Shape's relief (GT mask)",
  ellipsoid_calibrated: "Ellipsoid prior, synface relief: the method's start (GT mask)",
};

export function tableHeader(): string {
  return `${'index'.padStart(6)} ${'seed'.padStart(8)} ${'SIDE x1e-2'.padStart(11)} ${'MAD deg'.padStart(8)} ${'MAD unit'.padStart(9)} ${'minutes'.padStart(8)}`;
}

export function tableRow(r: ImageResult, cached: boolean): string {
  const num = (v: number | undefined, scale: number, digits: number, width: number) =>
    (v === undefined ? '-' : (v * scale).toFixed(digits)).padStart(width);
  return (
    `${String(r.index).padStart(6)} ${String(r.sampleSeed ?? '-').padStart(8)} ${num(r.side, 100, 3, 11)} ` +
    `${num(r.mad, 1, 2, 8)} ${num(r.madUnit, 1, 2, 9)} ${(r.seconds / 60).toFixed(2).padStart(8)}` +
    `${cached ? '  (earlier run)' : ''}${r.error ? `  not scored: ${r.error}` : ''}`
  );
}

export function summaryTable(s: Summary): string {
  const pm = (mean: number, std: number, scale: number, digits: number) =>
    `${(mean * scale).toFixed(digits)} ± ${(std * scale).toFixed(digits)}`;
  const lines = [
    `${''.padEnd(28)}${'SIDE (x1e-2)'.padStart(16)}${'MAD (deg)'.padStart(16)}${'MAD unit (deg)'.padStart(17)}`,
    `${`GAN2Shape (${s.preset})`.padEnd(28)}${pm(s.side_mean, s.side_std, 100, 3).padStart(16)}${pm(s.mad_mean, s.mad_std, 1, 2).padStart(16)}${pm(s.mad_unit_mean, s.mad_unit_std, 1, 2).padStart(17)}`,
  ];
  for (const [key, b] of Object.entries(s.baselines)) {
    lines.push(
      `${(BASELINE_NAMES[key] ?? key).padEnd(28)}${pm(b.side_mean, b.side_std, 100, 3).padStart(16)}${pm(b.mad_mean, b.mad_std, 1, 2).padStart(16)}${pm(b.mad_unit_mean, b.mad_unit_std, 1, 2).padStart(17)}`,
    );
  }
  return lines.join('\n');
}

export interface EvalMethodDeps {
  io?: CliIo;
  engine?: EngineDevice;
  /** Replaces the engine-backed method (unit tests). */
  method?: ImageMethodFactory;
}

async function evalMethod(argv: readonly string[], io: CliIo, deps: EvalMethodDeps): Promise<number> {
  const args = parseEvalMethodArgs(argv);
  const gt = loadDataFolder(args.data);
  const imagesPath = join(args.data, 'images.npy');
  if (!existsSync(imagesPath)) throw new CliError(`--data ${args.data} has no images.npy (npm run synth makes one)`);
  const images = readNpy(imagesPath);
  const n = gt.depth.length;
  if (images.dtype !== 'uint8' || images.shape.join() !== [n, gt.size, gt.size, 3].join())
    throw new CliError(
      `${imagesPath} must be uint8 [${n},${gt.size},${gt.size},3], is ${images.dtype} [${images.shape}]`,
    );
  if (args.first + args.count > n)
    throw new CliError(
      `--first ${args.first} --count ${args.count} needs ${args.first + args.count} images; ${args.data} has ${n}`,
    );
  const factory = deps.method ?? engineMethodFactory(args, io, deps.engine);
  const identity: RunIdentity = { preset: args.preset, model: factory.modelName, seed: args.seed };
  checkEvaluationFolder(args, identity);
  const seeds = sampleSeeds(args.data, n);
  const px = gt.size * gt.size;

  io.out(
    `eval:method: images ${args.first}..${args.first + args.count - 1} of ${args.data} (${gt.size} px), ` +
      `preset ${args.preset}, model ${factory.modelName}, seed ${args.seed} -> ${args.out}\n`,
  );
  io.out(`${tableHeader()}\n`);
  const results: ImageResult[] = [];
  let method: ImageMethod | null = null;
  let adapter: string | null = null;
  try {
    for (let index = args.first; index < args.first + args.count; index++) {
      const cached = readImageResult(args.out, index, identity);
      if (cached) {
        results.push(cached);
        adapter ??= cached.adapter;
        io.out(`${tableRow(cached, true)}\n`);
        continue;
      }
      if (!method) {
        method = await factory.open();
        adapter = method.adapter;
      }
      const input = synthRunInput(
        (images.data as Uint8Array).subarray(index * px * 3, (index + 1) * px * 3),
        gt.mask[index],
        gt.size,
        method.size,
      );
      const t0 = performance.now();
      const run = await method.run(input, `image ${index}`);
      const seconds = (performance.now() - t0) / 1000;
      let scores: Partial<MethodScores> = {};
      let error: string | undefined;
      try {
        scores = scoreReconDepth(run.reconDepth, run.size, gt.depth[index], gt.size);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const depthFile = `${index}_recon_depth.npy`;
      writeNpy(join(args.out, 'images', depthFile), run.reconDepth, [run.size, run.size]);
      const result: ImageResult = {
        format: IMAGE_RESULT_FORMAT,
        index,
        sampleSeed: seeds[index],
        ...identity,
        methodSize: run.size,
        dataSize: gt.size,
        adapter: method.adapter,
        seconds: Number(seconds.toFixed(3)),
        ...scores,
        ganPsnr: run.ganPsnr ?? null,
        view: run.view ?? null,
        light: run.light ?? null,
        depthFile,
        ...(error !== undefined ? { error } : {}),
      };
      // The JSON is written last: its presence means the image is complete.
      writeJson(imageResultPath(args.out, index), result);
      results.push(result);
      io.out(`${tableRow(result, false)}\n`);
    }
  } finally {
    method?.release();
  }
  const summary = summarize(args, results, gt, adapter ?? 'unknown');
  io.out(`\n${summaryTable(summary)}\n`);
  io.out(
    `${results.length} images, ${formatDuration(summary.minutes_per_image * 60)} per image; results in ${args.out}/images\n`,
  );
  io.out(`${JSON.stringify(summary)}\n`);
  return 0;
}

export function evalMethodMain(argv: readonly string[], deps: EvalMethodDeps = {}): Promise<number> {
  const io = deps.io ?? processIo;
  return runCommand(() => evalMethod(argv, io, deps), io, EVAL_METHOD_USAGE);
}
