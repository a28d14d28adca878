/**
 * `npm run figure:depth -- --data DIR --pred EVAL_OUT --indices 100,101 --out FILE.png`: a picture of recovered
 * shapes beside their ground truth. For each synth test image: the input, then the ground-truth depth, the
 * recovered depth (eval:method's `<i>_recon_depth.npy`, in the input view) and the ellipsoid prior the method
 * started from, each rendered as a grey Lambertian mesh (the engine's textured-mesh renderer) from the front and
 * turned 35 degrees either way. The face mask of the ground truth crops all three, so only shape differs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { loadGroundTruth } from '../data/metrics/evaluateDataset';
import { readNpy } from '../data/synth/npy';
import { ellipsoidPrior } from '../gan2shape/prior/ellipsoid';
import { renderNovelViews } from '../render';
import {
  CliError,
  type CliIo,
  intOption,
  type OptionSpecs,
  parseOptions,
  processIo,
  runCommand,
  stringOption,
  usage,
} from './args';
import { engineBackend, openEngine } from './engine';
import { writeFileAtomic } from './writers';

const SPECS: OptionSpecs = {
  data: { kind: 'string', value: 'DIR', help: 'synth test folder (images.npy, depth.npy, mask.npy)', required: true },
  pred: {
    kind: 'string',
    value: 'DIR',
    help: 'eval:method output folder (its images/<i>_recon_depth.npy)',
    required: true,
  },
  indices: { kind: 'string', value: 'I,J,..', help: 'dataset indices to show', required: true },
  out: { kind: 'string', value: 'FILE.png', help: 'the picture', required: true },
  scale: { kind: 'string', value: 'N', help: 'pixel scale (default 3)' },
};

const YAWS = [-35, 0, 35];

export function depthFigureMain(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const help = usage('figure:depth', 'recovered shapes beside their ground truth, as grey meshes', SPECS);
  return runCommand(
    async () => {
      const options = parseOptions(argv, SPECS);
      const data = stringOption(options, 'data')!;
      const pred = stringOption(options, 'pred')!;
      const out = stringOption(options, 'out')!;
      const indicesText = stringOption(options, 'indices')!;
      const scale = intOption(options, 'scale', 3, { min: 1, max: 16 });
      const indices = indicesText.split(',').map((t) => Number.parseInt(t, 10));
      const images = readNpy(join(data, 'images.npy'));
      const truth = loadGroundTruth(data);
      const S = truth.size;
      const backend = engineBackend(await openEngine());
      const rows: Float32Array[][] = [];
      for (const i of indices) {
        const file = join(pred, 'images', `${i}_recon_depth.npy`);
        if (!existsSync(file)) throw new CliError(`${file} does not exist: run eval:method on image ${i} first`);
        const px = S * S;
        const mask = Float32Array.from(truth.mask[i], (v) => (v ? 1 : 0));
        const gt = truth.depth[i];
        const recovered = Float32Array.from(readNpy(file).data as Float32Array);
        const prior = ellipsoidPrior(mask, S, { category: 'synface' });
        const input = new Float32Array(3 * px);
        const u8 = images.data as Uint8Array;
        for (let p = 0; p < px; p++)
          for (let c = 0; c < 3; c++) input[c * px + p] = (u8[(i * px + p) * 3 + c] / 255) * 2 - 1;
        const row = [input];
        for (const depth of [gt, recovered, prior]) row.push(...(await greyMesh(backend, depth, mask, S)));
        rows.push(row);
        io.out(`image ${i}: rendered\n`);
      }
      const png = tilePng(rows, S, scale);
      writeFileAtomic(out, png);
      io.out(
        `wrote ${out}: per row the input, then ground truth, recovered and ellipsoid prior at yaw ${YAWS.join(', ')} deg\n`,
      );
      return 0;
    },
    io,
    help,
  );
}

/** Depth [S*S] as a grey mesh under a raking light at the figure's yaws; outside the mask is white. */
async function greyMesh(backend: ReturnType<typeof engineBackend>, depth: Float32Array, mask: Float32Array, S: number) {
  const px = S * S;
  const albedo = new Float32Array(3 * px);
  for (let c = 0; c < 3; c++) for (let p = 0; p < px; p++) albedo[c * px + p] = mask[p] > 0 ? 0.2 : 1;
  const inside = Float32Array.from(depth, (d, p) => (mask[p] > 0 ? d : 1.1));
  const depthT = backend.fromArray(inside, [1, S, S]);
  const albedoT = backend.fromArray(albedo, [1, 3, S, S]);
  const light = backend.fromArray([0.25, 0.75, 0.5, -0.4], [1, 4]);
  const view = backend.fromArray(
    YAWS.flatMap((y) => [0, (y * Math.PI) / 180, 0, 0, 0, 0]),
    [YAWS.length, 6],
  );
  const { image, coverage } = renderNovelViews({ depth: depthT, albedo: albedoT, light, view });
  const values = Float32Array.from(await image.read());
  for (const t of [depthT, albedoT, light, view, image, coverage]) t.release();
  return YAWS.map((_, k) => values.subarray(k * 3 * px, (k + 1) * 3 * px));
}

function tilePng(rows: Float32Array[][], S: number, scale: number): Uint8Array {
  const gap = 2;
  const cols = Math.max(...rows.map((r) => r.length));
  const width = (cols * (S + gap) - gap) * scale;
  const height = (rows.length * (S + gap) - gap) * scale;
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const [r, row] of rows.entries())
    for (const [c, tile] of row.entries())
      for (let y = 0; y < S * scale; y++)
        for (let x = 0; x < S * scale; x++) {
          const p = Math.floor(y / scale) * S + Math.floor(x / scale);
          const o = ((r * (S + gap) * scale + y) * width + c * (S + gap) * scale + x) * 3;
          for (let ch = 0; ch < 3; ch++)
            data[o + ch] = Math.round(Math.min(Math.max((tile[ch * S * S + p] + 1) / 2, 0), 1) * 255);
        }
  return encode({ width, height, data, depth: 8, channels: 3 });
}
