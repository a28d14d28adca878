/**
 * npm run reconstruct -- --image FILE --preset P --out DIR [--model DIR] [--crop x,y,size]
 *   [--mask ellipse:cx,cy,rx,ry | --mask FILE.png] [--category synface|face] [--seed N]
 * One image through every phase of the method on Dawn (the app's code, in Node), with progress lines, then the
 * result files (docs in README "Other commands"). Exit codes: 0 done, 2 bad arguments or inputs (one line),
 * 1 the run failed.
 */
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type CropBox, centerCrop, cropToTensor } from '../data/image/crop';
import type { RgbaImage } from '../data/image/rgba';
import { DEFAULT_FACE_ELLIPSE, type MaskEllipse } from '../data/mask/ellipse';
import type { EngineDevice } from '../engine/device';
import { PRESETS, type PresetName } from '../gan2shape/presets/presets';
import type { PriorCategory } from '../gan2shape/prior/ellipsoid';
import { ellipsoidPrior } from '../gan2shape/prior/ellipsoid';
import { prepareRunInput, type RunInput } from '../gan2shape/runner/input';
import { methodImageSize, methodModel } from '../gan2shape/start';
import {
  CliError,
  type CliIo,
  formatDuration,
  intOption,
  numberList,
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
import { readImageFile, readMaskFile } from './imageFile';
import { ProgressPrinter } from './progress';
import { writePhaseSnapshot, writeResultFiles, writeResultJson } from './resultFiles';
import { runMethod } from './runMethod';

export const RECONSTRUCT_OPTIONS: OptionSpecs = {
  image: { kind: 'string', value: 'FILE', help: 'input photo: PNG, JPEG or .npy (uint8 [H,W,3])', required: true },
  preset: { kind: 'string', value: 'P', help: `run preset: ${Object.keys(PRESETS).join(', ')} (default cpu)` },
  out: {
    kind: 'string',
    value: 'DIR',
    help: 'output folder (created; existing result files are replaced)',
    required: true,
  },
  model: { kind: 'string', value: 'DIR', help: `StyleGAN2 bundle folder (default ${DEFAULT_MODEL_DIR})` },
  crop: {
    kind: 'string',
    value: 'x,y,size',
    help: 'square crop in image pixels (default: the centred square, as the app)',
  },
  mask: {
    kind: 'string',
    value: 'SPEC',
    help: 'ellipse:cx,cy,rx,ry (0..1 across the crop) or a mask image FILE (white = face); default the app ellipse',
  },
  category: { kind: 'string', value: 'C', help: 'ellipsoid prior category: synface or face (default synface)' },
  seed: { kind: 'string', value: 'N', help: 'seed of the nets and the pseudo samples (default 0)' },
};

export const RECONSTRUCT_USAGE = usage(
  'reconstruct',
  'Recovers the 3D shape of one face image with GAN2Shape on WebGPU (Dawn; SwiftShader without a GPU).',
  RECONSTRUCT_OPTIONS,
);

export type MaskChoice = { kind: 'ellipse'; ellipse: MaskEllipse } | { kind: 'file'; path: string };

export interface ReconstructArgs {
  image: string;
  preset: PresetName;
  out: string;
  model: string;
  crop: CropBox | null;
  mask: MaskChoice;
  category: PriorCategory;
  seed: number;
}

const CATEGORIES: PriorCategory[] = ['synface', 'face'];

export function parseMask(text: string | undefined): MaskChoice {
  if (text === undefined) return { kind: 'ellipse', ellipse: DEFAULT_FACE_ELLIPSE };
  if (text.startsWith('ellipse:')) {
    const [cx, cy, rx, ry] = numberList('mask', text.slice('ellipse:'.length), 4, 'ellipse:cx,cy,rx,ry');
    if (rx <= 0 || ry <= 0) throw new CliError(`--mask ellipse radii must be positive, got '${text}'`);
    return { kind: 'ellipse', ellipse: { cx, cy, rx, ry } };
  }
  return { kind: 'file', path: text };
}

export function parseCrop(text: string | undefined): CropBox | null {
  if (text === undefined) return null;
  const [x, y, size] = numberList('crop', text, 3, 'x,y,size (pixels)');
  if (size <= 0) throw new CliError(`--crop size must be positive, got '${text}'`);
  return { x, y, size };
}

export function parseReconstructArgs(argv: readonly string[]): ReconstructArgs {
  const o = parseOptions(argv, RECONSTRUCT_OPTIONS);
  const category = (stringOption(o, 'category') ?? 'synface') as PriorCategory;
  if (!CATEGORIES.includes(category))
    throw new CliError(`--category must be one of ${CATEGORIES.join(', ')}, got '${category}'`);
  return {
    image: stringOption(o, 'image')!,
    preset: presetOption(o, 'cpu'),
    out: stringOption(o, 'out')!,
    model: stringOption(o, 'model') ?? DEFAULT_MODEL_DIR,
    crop: parseCrop(stringOption(o, 'crop')),
    mask: parseMask(stringOption(o, 'mask')),
    category,
    seed: intOption(o, 'seed', 0, { min: 0, max: 2 ** 31 - 1 }),
  };
}

/** The crop must lie inside the image (the app's editor keeps it there; here we say what is wrong). */
export function checkCrop(crop: CropBox, width: number, height: number): void {
  const eps = 1e-6;
  if (crop.x < -eps || crop.y < -eps || crop.x + crop.size > width + eps || crop.y + crop.size > height + eps)
    throw new CliError(
      `--crop ${crop.x},${crop.y},${crop.size} leaves the ${width} x ${height} image (x + size <= ${width}, y + size <= ${height})`,
    );
  if (crop.size < 8) throw new CliError(`--crop size ${crop.size} is too small (at least 8 px)`);
}

/** A mask image to the method's S x S mask in [0, 1]: the same crop as the photo when it has the photo's size. */
export function maskFromImage(
  mask: RgbaImage,
  path: string,
  image: { width: number; height: number },
  crop: CropBox,
  size: number,
): Float32Array {
  let box: CropBox;
  if (mask.width === image.width && mask.height === image.height) box = crop;
  else if (mask.width === mask.height) box = { x: 0, y: 0, size: mask.width };
  else
    throw new CliError(
      `mask ${path} is ${mask.width} x ${mask.height}: give it the photo's size (${image.width} x ${image.height}) or make it square (the crop)`,
    );
  const chw = cropToTensor(mask, box, size);
  const out = new Float32Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = (chw[i] + 1) / 2;
  if (!out.some((v) => v >= 0.7))
    throw new CliError(`mask ${path} has no object pixels inside the crop (white = face)`);
  return out;
}

export function buildRunInput(
  args: ReconstructArgs,
  image: RgbaImage,
  crop: CropBox,
  size: number,
  mask: RgbaImage | null,
): RunInput {
  if (args.mask.kind === 'ellipse') return prepareRunInput(image, crop, args.mask.ellipse, size, args.category);
  const m = maskFromImage(mask!, args.mask.path, image, crop, size);
  return {
    size,
    image: cropToTensor(image, crop, size),
    mask: m,
    prior: ellipsoidPrior(m, size, { category: args.category }),
    category: args.category,
  };
}

export interface CliDeps {
  io?: CliIo;
  /** An existing engine device (tests share theirs); otherwise one is opened on Dawn. */
  engine?: EngineDevice;
}

async function reconstruct(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const args = parseReconstructArgs(argv);
  const t0 = performance.now();
  const { image, notes } = readImageFile(args.image);
  const crop = args.crop ?? centerCrop(image.width, image.height);
  checkCrop(crop, image.width, image.height);
  const maskImage = args.mask.kind === 'file' ? readMaskFile(args.mask.path) : null;
  if (existsSync(args.out) && !statSync(args.out).isDirectory())
    throw new CliError(`--out ${args.out} exists and is not a folder`);
  const bundle = await loadModelDir(args.model);
  const preset = PRESETS[args.preset];
  const size = methodImageSize(preset, bundle.config.size);
  const input = buildRunInput(args, image, crop, size, maskImage);

  mkdirSync(args.out, { recursive: true });
  const lossFile = join(args.out, 'losses.jsonl');
  rmSync(lossFile, { force: true });
  rmSync(join(args.out, 'snapshots'), { recursive: true, force: true });

  const engine = deps.engine ?? (await openEngine());
  const adapter = describeAdapter(engine.adapter);
  const backend = engineBackend(engine);
  const model = methodModel(backend, bundle, await loadModelEncoder(args.model));
  for (const note of notes) io.out(`note: ${note}\n`);
  io.out(
    `reconstruct ${args.image} (${image.width} x ${image.height}, crop ${crop.x},${crop.y},${crop.size}) -> ${args.out}\n` +
      `preset ${args.preset}, model ${bundle.name} (${args.model}), ${size} px, seed ${args.seed}, adapter ${adapter}\n`,
  );
  const printer = new ProgressPrinter(io, { plainEverySeconds: 5 });
  const snapshotFiles: string[] = [];
  let outcome: Awaited<ReturnType<typeof runMethod>>;
  try {
    outcome = await runMethod(
      backend,
      input,
      model,
      preset,
      { seed: args.seed },
      {
        onProgress: (p) => {
          printer.update(p);
          if (p.lossesFresh)
            appendFileSync(
              lossFile,
              `${JSON.stringify({ phase: p.phaseIndex, stage: p.stage, step: p.step, iteration: p.lossesIteration, iterations: p.iterations, elapsedSeconds: Number(p.elapsedSeconds.toFixed(3)), losses: p.losses })}\n`,
            );
        },
        onPhaseEnd: (snapshot) => snapshotFiles.push(...writePhaseSnapshot(args.out, snapshot)),
      },
    );
  } finally {
    printer.finish();
    model.release();
    backend.destroy();
  }
  if (outcome.state !== 'done' || !outcome.final) {
    throw new CliError(`the run ${outcome.state}${outcome.error ? `: ${outcome.error}` : ''}`, 1);
  }
  const final = outcome.final;
  const result = writeResultFiles(args.out, final, input.image);
  const totalSeconds = (performance.now() - t0) / 1000;
  // The app's settings block; a mask file replaces its ellipse.
  const settings = { preset: args.preset, imageName: basename(args.image), crop, model: bundle.name };
  const mask = args.mask.kind === 'ellipse' ? args.mask.ellipse : { file: args.mask.path };
  writeResultJson(
    args.out,
    final,
    { ...settings, mask: args.mask.kind === 'ellipse' ? args.mask.ellipse : DEFAULT_FACE_ELLIPSE },
    {
      settings: { ...settings, mask },
      command: 'reconstruct',
      input: { image: args.image, width: image.width, height: image.height, notes },
      category: args.category,
      seed: args.seed,
      model: { name: bundle.name, dir: args.model, size: bundle.config.size },
      adapter,
      preset: outcome.preset,
      phases: outcome.phases,
      timings: {
        totalSeconds: Number(totalSeconds.toFixed(3)),
        runSeconds: Number(outcome.seconds.toFixed(3)),
        phases: outcome.timings,
      },
      shadingPng:
        result.shadingScale === null
          ? null
          : { bits: 8, scale: result.shadingScale, decode: 'shading = v / 255 * scale' },
      missing: result.missing,
      files: [...result.files, 'result.json', 'losses.jsonl', ...snapshotFiles],
    },
  );
  io.out(
    `done in ${formatDuration(totalSeconds)}${final.ganPsnr !== undefined ? `, GAN inversion PSNR ${final.ganPsnr.toFixed(2)} dB` : ''}: ` +
      `${result.files.length + 2} files and ${snapshotFiles.length} snapshot PNGs in ${args.out}\n`,
  );
  return 0;
}

/** The command's whole behaviour, in-process (tests call it; the bin file passes process.argv). */
export function reconstructMain(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processIo;
  return runCommand(() => reconstruct(argv, io, deps), io, RECONSTRUCT_USAGE);
}
