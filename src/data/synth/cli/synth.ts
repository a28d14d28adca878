// npm run synth -- --count N --seed S --size 64 --out DIR [--supersample 3] [--workers 2] [--png]
// Train split: seeds from 0; test split: seeds from 1_000_000 (see docs/SYNTH_DATA.md).
import { availableParallelism } from 'node:os';
import { writeDataset } from '../writeDataset';

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`synth: unexpected argument ${a}`);
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else {
      out[key] = next;
      i++;
    }
  }
  return out;
}

const KNOWN = new Set(['count', 'seed', 'size', 'out', 'supersample', 'workers', 'png', 'quiet']);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const k of Object.keys(args)) if (!KNOWN.has(k)) throw new Error(`synth: unknown option --${k}`);
  const num = (k: string, fallback?: number) => {
    const v = args[k];
    if (v === undefined) {
      if (fallback === undefined) throw new Error(`synth: --${k} is required`);
      return fallback;
    }
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isFinite(n)) throw new Error(`synth: --${k} needs a number`);
    return n;
  };
  if (typeof args.out !== 'string') throw new Error('synth: --out DIR is required');
  const count = num('count');
  const t0 = performance.now();
  let lastReport = 0;
  await writeDataset({
    count,
    seed: num('seed', 0),
    size: num('size', 64),
    out: args.out,
    supersample: num('supersample', 3),
    workers: num('workers', Math.max(1, Math.min(availableParallelism(), 8))),
    png: args.png === true,
    onProgress: (done) => {
      const now = performance.now();
      if (args.quiet || (now - lastReport < 10_000 && done < count)) return;
      lastReport = now;
      console.log(`synth: ${done}/${count} samples, ${((now - t0) / 1000).toFixed(1)} s`);
    },
  });
  console.log(`synth: wrote ${count} samples to ${args.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
