/**
 * npm run bench:gan [-- --quick] [-- --real-gpu] [-- --reps N]
 * StyleGAN2 generator forward on the engine vs onnxruntime-web's WebGPU EP, same adapter, same page (the EP runs
 * on the engine's GPUDevice), for the default bundle (public/models/synface-64) and a random-weight 128 px
 * config-e bundle (channel multiplier 1, style_dim 512, n_mlp 8) written on first use into runs/bench-gan/ (git-
 * ignored) by make_random_bundle.py; plus the engine's forward + backward w.r.t. w. Prints a table, then one JSON
 * line with every figure.
 * Default: batches 1 and 16, 1 warm-up + 5 reps (meant for a real GPU). --quick: batch 1 only, 1 warm-up + 1 rep
 * (a SwiftShader smoke run, about ten minutes on 2 CPU cores: the 128 px model takes 1-2 minutes per pass). Software-adapter numbers
 * say nothing about real GPUs.
 */
import { execFileSync } from 'node:child_process';
import { openBenchPage } from '../common/browser';
import type { GanBenchConfig, GanBenchResult } from './config';

const RANDOM_BUNDLE_DIR = 'runs/bench-gan/random-e-128';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const realGpu = process.argv.includes('--real-gpu');
const reps = Number(argValue('--reps') ?? (quick ? 1 : 5));
if (!Number.isInteger(reps) || reps < 1)
  throw new Error(`--reps must be a positive integer, got ${argValue('--reps')}.`);

const config: GanBenchConfig = {
  bundles: [
    { name: 'synface-64', url: '/models/synface-64' },
    { name: 'random-e-128', url: `/${RANDOM_BUNDLE_DIR}` },
  ],
  batches: quick ? [1] : [1, 16],
  backwardBatches: quick ? [1] : [1, 16],
  warmup: 1,
  reps,
  seed: 2025,
};

function printTable(r: GanBenchResult): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `adapter: ${r.adapter.vendor} ${r.adapter.architecture} ${r.adapter.description}${r.adapter.isSoftware ? ' (SOFTWARE: not GPU numbers)' : ''}; conv kernel ${r.convKernel}; ${r.warmup} warm-up + ${r.reps} reps`,
  );
  console.log(
    `${pad('bundle', 15)}${pad('batch', 7)}${pad('engine fwd ms', 15)}${pad('ORT fwd ms', 13)}${pad('engine/ORT', 12)}${pad('engine fwd+bwd ms', 19)}max|diff| vs ORT`,
  );
  for (const c of r.cases) {
    console.log(
      `${pad(c.bundle, 15)}${pad(String(c.batch), 7)}${pad(c.engineForwardMs.toFixed(1), 15)}${pad(c.ortForwardMs.toFixed(1), 13)}${pad(c.ratio.toFixed(3), 12)}${pad(c.engineForwardBackwardMs === null ? '-' : c.engineForwardBackwardMs.toFixed(1), 19)}${c.maxAbsDiffVsOrt.toExponential(2)}`,
    );
  }
}

async function main(): Promise<void> {
  execFileSync('/usr/bin/python3', ['bench/gan/make_random_bundle.py', RANDOM_BUNDLE_DIR], { stdio: 'inherit' });
  // Others edit the working tree while a bench runs for minutes: without HMR the page is never reloaded under us.
  const noReload = { name: 'bench-gan-no-reload', config: () => ({ server: { hmr: false } }) };
  const bench = await openBenchPage('bench/gan/index.html', { realGpu, plugins: [noReload] });
  // Progress lines of the page (a --quick run on SwiftShader takes about ten minutes).
  bench.page.on('console', (msg) => {
    if (msg.text().startsWith('[bench:gan]')) console.log(`${new Date().toISOString().slice(11, 19)} ${msg.text()}`);
  });
  try {
    await bench.page.waitForFunction(() => typeof window.runGanBench === 'function', undefined, { timeout: 120_000 });
    const result = (await bench.page.evaluate((c) => window.runGanBench(c), config)) as GanBenchResult;
    printTable(result);
    console.log(JSON.stringify({ date: new Date().toISOString(), quick, ...result }));
  } finally {
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
