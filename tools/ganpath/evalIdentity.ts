// `npm run eval:identity`: identity under rotation, measured. For every bundled sample (synthetic faces with their
// ground-truth mask, photos cropped by the app's face rule) it runs the method (preset `test` by default, `cpu`
// with --preset cpu, shortened with --short), then renders both manipulation paths at yaw -20, -10, +10, +20 degrees (pitch 0, the
// input's predicted light) and scores each render against the method's input with Human's face description
// (similarity 0..1; no face found = not scored). Writes OUT/identity.json, OUT/<name>.png (rows: input and
// I_gan, mesh path, GAN path) and prints a markdown table (docs/EVALUATION.md) with each run's inversion PSNR.
// --inversion-only stops each run after the inversion and lists the PSNRs (OUT/inversion.json): the data the
// out-of-domain threshold was picked from (docs/METHOD.md). --only TEXT runs the samples whose file name contains it (e.g. synface, grace).
// --calibrate runs no method: it scores every pair of different inputs (different faces) and every input against
// its mirror image (the same face), the scale the table's similarities are read on (OUT/calibration.json).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR, engineBackend, loadModelDir, loadModelEncoder, openEngine } from '../../src/cli/engine';
import { readImageFile } from '../../src/cli/imageFile';
import { tileRowsPng, writeFileAtomic, writeJson } from '../../src/cli/writers';
import { decodeMaskPng } from '../../src/data/synth/groundTruthPng';
import { flipHorizontal } from '../../src/engine/reference/shape';
import { renderGanManipulated } from '../../src/gan2shape/manipulate/ganPath';
import { type Manipulation, renderManipulated } from '../../src/gan2shape/manipulate/meshPath';
import { PRESETS, type PresetName } from '../../src/gan2shape/presets/presets';
import { prepareMaskedRunInput, type RunInput } from '../../src/gan2shape/runner/input';
import type { Snapshot } from '../../src/gan2shape/runner/types';
import { methodImageSize, methodModel, start } from '../../src/gan2shape/start';
import { chwToRgbBytes, createFaceIdentity, type FaceIdentity, IDENTITY_SIZE } from './humanIdentity';
import { cropFaceInput } from './photoInput';

const YAWS = [-20, -10, 10, 20];
const SAMPLES = 'public/samples';

interface Row {
  name: string;
  kind: string;
  psnr: number | null;
  seconds: number;
  inputFound: boolean;
  mesh: (number | null)[];
  gan: (number | null)[];
}

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

async function similarityTo(identity: FaceIdentity, reference: number[] | null, image: Float32Array, size: number) {
  if (!reference) return null;
  const e = await identity.describe(chwToRgbBytes(image, size), IDENTITY_SIZE, IDENTITY_SIZE);
  return e ? identity.similarity(reference, e) : null;
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const mean = (vs: (number | null)[]) => {
  const ok = vs.filter((v): v is number => v !== null);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
};

/** Horizontal mirror of a CHW image (the engine's float64 flip). */
const mirrored = (chw: Float32Array, size: number) =>
  Float32Array.from(flipHorizontal(Float64Array.from(chw), [1, 3, size, size]));

/** An input ready for a run: a bundled sample's masked crop or a photo's detected face. */
interface Prepared {
  name: string;
  kind: string;
  input: RunInput;
}

/** The similarity scale: every pair of different inputs (different faces), every input against its mirror image. */
async function calibrate(identity: FaceIdentity, prepared: Prepared[], size: number, out: string): Promise<number> {
  const described = [];
  for (const p of prepared) {
    const e = await identity.describe(chwToRgbBytes(p.input.image, size), IDENTITY_SIZE, IDENTITY_SIZE);
    const mirror = await similarityTo(identity, e, mirrored(p.input.image, size), size);
    described.push({ ...p, e, mirror });
    console.log(`${p.name}: ${e ? `face described, mirror image ${fmt(mirror)}` : 'no face found in the input'}`);
  }
  const pairs: { a: string; b: string; kinds: string; similarity: number }[] = [];
  for (let i = 0; i < described.length; i++)
    for (let j = i + 1; j < described.length; j++) {
      const [a, b] = [described[i], described[j]];
      if (!a.e || !b.e) continue;
      const kinds = a.kind === b.kind ? `${a.kind}-${a.kind}` : 'photo-synthetic';
      pairs.push({ a: a.name, b: b.name, kinds, similarity: identity.similarity(a.e, b.e) });
    }
  const summary = (vs: number[]) =>
    vs.length ? `${fmt(mean(vs))} (${fmt(Math.min(...vs))}-${fmt(Math.max(...vs))}, ${vs.length})` : '–';
  const mirrors = described.map((d) => d.mirror).filter((v): v is number => v !== null);
  console.log(`\nsame face, mirrored: mean ${summary(mirrors)}`);
  for (const kinds of [...new Set(pairs.map((p) => p.kinds))])
    console.log(
      `different faces, ${kinds}: mean ${summary(pairs.filter((p) => p.kinds === kinds).map((p) => p.similarity))}`,
    );
  writeJson(join(out, 'calibration.json'), {
    size,
    mirrors: described.map((d) => ({ name: d.name, kind: d.kind, similarity: d.mirror })),
    pairs,
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const presetName = option(argv, 'preset', 'test') as PresetName;
  const base = PRESETS[presetName];
  if (!base) throw new Error(`unknown preset ${presetName}`);
  // --short: the preset's sizes and widths (for cpu: 64 px, the model's pretrained E) with a shortened schedule
  // that fits a 2-core machine: the inversion as the preset has it, then prior 50, step 1 10, step 2 4, collect 2
  // batches, step 3 10.
  const short = argv.includes('--short');
  const preset = short
    ? { ...base, priorIterations: 50, firstStage: [10, 4, 10] as [number, number, number], collectBatches: 2 }
    : base;
  const out = option(argv, 'out', 'test-artifacts/identity');
  const only = option(argv, 'only', '');
  // --inversion-only: stop each run after its inversion and report the PSNR (the out-of-domain threshold's data).
  const inversionOnly = argv.includes('--inversion-only');
  const psnrs: { name: string; kind: string; psnr: number | null }[] = [];
  mkdirSync(out, { recursive: true });
  const modelDir = option(argv, 'model', DEFAULT_MODEL_DIR);
  const engine = await openEngine();
  const backend = engineBackend(engine);
  const model = methodModel(backend, await loadModelDir(modelDir), await loadModelEncoder(modelDir));
  const size = methodImageSize(preset, model.size);
  const identity = await createFaceIdentity();
  const index = JSON.parse(readFileSync(join(SAMPLES, 'index.json'), 'utf8')) as {
    samples: { file: string; kind: string; mask?: string }[];
  };
  const rows: Row[] = [];
  // Photos first: they decide the out-of-domain threshold and are the fewest.
  const ordered = [...index.samples].sort((a, b) => Number(b.kind === 'photo') - Number(a.kind === 'photo'));
  const prepared: Prepared[] = [];
  for (const sample of ordered) {
    const name = sample.file
      .split('/')
      .pop()!
      .replace(/\.[a-z]+$/, '');
    if (only && !name.includes(only)) continue;
    const image = readImageFile(join(SAMPLES, sample.file)).image;
    if (sample.mask) {
      const mask = decodeMaskPng(readFileSync(join(SAMPLES, sample.mask)));
      const input = prepareMaskedRunInput(image, { x: 0, y: 0, size: image.width }, mask, size, 'synface');
      prepared.push({ name, kind: sample.kind, input });
    } else {
      const cropped = await cropFaceInput(identity, image, size);
      if (cropped) prepared.push({ name, kind: sample.kind, input: cropped });
      else console.log(`${name}: no face found, skipped`);
    }
  }
  if (argv.includes('--calibrate')) return calibrate(identity, prepared, size, out);
  for (const { name, kind, input } of prepared) {
    const t0 = performance.now();
    const started = start(backend, input, model, preset, { seed: 0 });
    let final: Snapshot | null = null;
    started.run.subscribe((e) => {
      if (e.type === 'snapshot') final = e.snapshot;
      if (inversionOnly && e.type === 'progress' && e.progress.step !== 'inversion') started.run.cancel();
    });
    const state = await started.run.finished;
    const seconds = (performance.now() - t0) / 1000;
    const snap = final as Snapshot | null;
    if (inversionOnly) {
      psnrs.push({ name, kind, psnr: snap?.ganPsnr ?? null });
      console.log(`${name} (${kind}): inversion PSNR ${fmt(snap?.ganPsnr ?? null)} dB in ${seconds.toFixed(0)} s`);
      started.release();
      await started.run.finished;
      continue;
    }
    const ganModel = started.runner.ganPathModel();
    if (state !== 'done' || !snap?.albedo || !snap.light || !ganModel) {
      console.log(`${name}: run ${state}, skipped`);
      started.release();
      continue;
    }
    const [ka, kd, lx, ly] = snap.light;
    const reference = await identity.describe(chwToRgbBytes(input.image, size), IDENTITY_SIZE, IDENTITY_SIZE);
    const meshImages: Float32Array[] = [];
    const ganImages: Float32Array[] = [];
    for (const yawDeg of YAWS) {
      const m: Manipulation = { yawDeg, pitchDeg: 0, lightX: lx, lightY: ly, ambient: ka, diffuse: kd };
      meshImages.push(await renderManipulated(backend, snap.depth, snap.albedo, size, m));
      ganImages.push((await renderGanManipulated(ganModel, snap.depth, snap.albedo, m)).image);
    }
    const row: Row = {
      name,
      kind,
      psnr: snap.ganPsnr ?? null,
      seconds,
      inputFound: reference !== null,
      mesh: [],
      gan: [],
    };
    for (const im of meshImages) row.mesh.push(await similarityTo(identity, reference, im, size));
    for (const im of ganImages) row.gan.push(await similarityTo(identity, reference, im, size));
    rows.push(row);
    // Written after every image, so a long run that is stopped keeps what it measured.
    writeJson(join(out, 'identity.json'), { preset: presetName, short, size, model: model.name, yaws: YAWS, rows });
    const blank = new Float32Array(3 * size * size).fill(1);
    const strip = (ims: Float32Array[]) => {
      const all = new Float32Array(5 * 3 * size * size);
      for (const [k, im] of [ims[0], ims[1], blank, ims[2], ims[3]].entries()) all.set(im, k * 3 * size * size);
      return { data: all, channels: 3 as const };
    };
    const first = new Float32Array(5 * 3 * size * size).fill(1);
    first.set(input.image, 0);
    if (snap.ganImage) first.set(snap.ganImage, 3 * size * size);
    const png = tileRowsPng([{ data: first, channels: 3 }, strip(meshImages), strip(ganImages)], 5, size);
    writeFileAtomic(join(out, `${name}.png`), png);
    console.log(
      `${name}: ${state} in ${seconds.toFixed(0)} s, PSNR ${fmt(row.psnr)} dB, mesh ${row.mesh.map(fmt).join(' ')}, gan ${row.gan.map(fmt).join(' ')}`,
    );
    started.release();
    await started.run.finished;
  }
  if (inversionOnly) {
    writeJson(join(out, 'inversion.json'), { preset: presetName, size, model: model.name, psnrs });
    return 0;
  }
  console.log(
    `\n| image | I_gan PSNR (dB) | path | ${YAWS.map((y) => `${y > 0 ? '+' : ''}${y}°`).join(' | ')} | mean |`,
  );
  console.log(`|---|---|---|${YAWS.map(() => '---').join('|')}|---|`);
  for (const r of rows)
    for (const path of ['mesh', 'gan'] as const)
      console.log(
        `| ${r.name}${r.inputFound ? '' : ' (no face in the input)'} | ${fmt(r.psnr)} | ${path === 'mesh' ? '3D mesh' : 'GAN'} | ${r[path].map(fmt).join(' | ')} | ${fmt(mean(r[path]))} |`,
      );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
