/**
 * npm run bench:ops [-- --quick] [-- --real-gpu] [-- --reps N]
 * Our conv2d / conv_transpose2d forward vs onnxruntime-web's WebGPU Conv on the method's shapes, in one headless
 * Chromium page on one adapter. Prints a table, then one JSON line (adapter, per-shape times and ratios, geomean).
 * --quick: SwiftShader smoke run (batch 2, four shapes, 3 reps, small matmuls). Software numbers say nothing
 * about real GPUs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBenchPage } from '../common/browser';
import { type BenchConfig, type BenchResult, METHOD_SHAPES, QUICK_SHAPE_NAMES } from './shapes';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const realGpu = process.argv.includes('--real-gpu');
const shapes = quick ? METHOD_SHAPES.filter((s) => QUICK_SHAPE_NAMES.includes(s.name)) : METHOD_SHAPES;
const config: BenchConfig = {
  batch: quick ? 2 : 16,
  reps: Number(argValue('--reps') ?? (quick ? 3 : 20)),
  shapes,
  matmulSizes: quick ? [128, 256] : [512, 1024, 2048],
  models: {},
  seed: 2024,
  trainStep: quick ? { batch: 2, nf: 8, reps: 2 } : { batch: 16, nf: 64, reps: 10 },
};

function makeModels(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ops-models-'));
  try {
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ batch: config.batch, seed: config.seed, shapes }));
    execFileSync('/usr/bin/python3', ['bench/ops/make_conv_models.py', configPath, dir], { stdio: 'inherit' });
    shapes.forEach((s, i) => {
      config.models[s.name] = readFileSync(join(dir, `${i}.onnx`)).toString('base64');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(r: BenchResult): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `adapter: ${r.adapter.vendor} ${r.adapter.architecture} ${r.adapter.description}${r.adapter.isSoftware ? ' (SOFTWARE)' : ''}; batch ${r.batch}, ${r.reps} reps`,
  );
  console.log(
    `best matmul: ${r.bestMatmulGflops.toFixed(2)} GFLOPS (${r.matmul.map((m) => `${m.size}^3 ${m.gflops.toFixed(2)}`).join(', ')})`,
  );
  console.log(`conv2d forward kernel used for "ours": ${r.convKernel} (the register and tiled columns time both)`);
  console.log(
    `${pad('shape', 36)}${pad('ours ms', 11)}${pad('register', 10)}${pad('tiled', 10)}${pad('ORT ms', 11)}${pad('ours/ORT', 10)}${pad('GFLOPS', 9)}${pad('of matmul', 11)}max|diff|`,
  );
  for (const s of r.shapes) {
    console.log(
      `${pad(s.name, 36)}${pad(s.oursMs.toFixed(3), 11)}${pad(s.registerMs.toFixed(2), 10)}${pad(s.tiledMs.toFixed(2), 10)}${pad(s.ortMs.toFixed(3), 11)}${pad(s.ratio.toFixed(3), 10)}${pad(s.gflops.toFixed(2), 9)}${pad(`${(100 * s.fractionOfMatmul).toFixed(0)}%`, 11)}${s.maxAbsDiffVsOrt.toExponential(1)}`,
    );
  }
  console.log(`geometric-mean ratio ours/ORT: ${r.geomeanRatio.toFixed(3)}`);
  const t = r.trainStep;
  console.log(
    `depth net training step (fwd + bwd + Adam) @${t.size} px, batch ${t.batch}, nf ${t.nf}, ${t.parameters} parameters: ${t.ms.toFixed(1)} ms (loss ${t.finalLoss.toFixed(4)})`,
  );
}

async function main(): Promise<void> {
  makeModels();
  const bench = await openBenchPage('bench/ops/index.html', { realGpu });
  try {
    await bench.page.waitForFunction(() => typeof window.runOpsBench === 'function', undefined, { timeout: 120_000 });
    const result = (await bench.page.evaluate((c) => window.runOpsBench(c), config)) as BenchResult;
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
