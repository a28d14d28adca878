/**
 * `npm run bench:method -- [--quick] [--preset P] [--warmup N] [--measured N] [--profile N] [--model DIR]
 * [--browser [--real-gpu]]`: the method's iteration, measured (bench/method/method.ts), at the sizes and widths of
 * a preset (default cpu) with the default model and its pretrained encoder, on the bundled sample face; in Node
 * on Dawn (SwiftShader without a GPU), or with --browser in headless Chromium (bench/common/browser.ts: SwiftShader
 * WebGPU unless --real-gpu). Prints a line per phase, the per-phase table, the projected wall time of the
 * preset's whole schedule, where the device has timestamp queries the top-10 kernels by GPU time (from `--profile
 * N` more iterations per phase, run with the kernel profiler after the timed window), and last one JSON object.
 */

import {
  CliError,
  intOption,
  type OptionSpecs,
  parseOptions,
  presetOption,
  processIo,
  runCommand,
  stringOption,
  usage,
} from '../../src/cli/args';
import { DEFAULT_MODEL_DIR } from '../../src/cli/engine';
import { openBenchPage } from '../common/browser';
import { openMethodBench } from '../soak/node';
import { BENCH_SAMPLE } from '../soak/setup';
import { measureMethod } from './method';
import {
  FULL,
  type MethodBenchConfig,
  type MethodBenchReport,
  phaseLine,
  QUICK,
  reportText,
  setting,
  settingLine,
} from './report';

const SPECS: OptionSpecs = {
  quick: {
    kind: 'flag',
    help: `few iterations per phase (${QUICK.warmup} warm-up + ${QUICK.measured} measured), for a software adapter`,
  },
  preset: { kind: 'string', value: 'P', help: 'sizes, widths and schedule of this preset (default cpu)' },
  warmup: { kind: 'string', value: 'N', help: `warm-up iterations per phase (default ${FULL.warmup})` },
  measured: {
    kind: 'string',
    value: 'N',
    help: `timed iterations per phase (default ${FULL.measured}; a multiple of 5 holds one loss readback per 5)`,
  },
  profile: {
    kind: 'string',
    value: 'N',
    help: `iterations per phase timed per kernel with timestamp queries (default ${FULL.profile}, --quick ${QUICK.profile}; 0: none)`,
  },
  model: { kind: 'string', value: 'DIR', help: `StyleGAN2 bundle folder (default ${DEFAULT_MODEL_DIR})` },
  browser: { kind: 'flag', help: 'run in headless Chromium (WebGPU of the browser) instead of Node on Dawn' },
  'real-gpu': { kind: 'flag', help: 'with --browser: the GPU, not SwiftShader' },
};

/** A repository path as the bench's Vite server serves it (public/ at the root). */
const urlPath = (path: string) => `/${path.replace(/^\.?\/+/, '').replace(/^public\//, '')}`.replace(/\/+$/, '');

async function inNode(config: MethodBenchConfig, modelDir: string): Promise<MethodBenchReport> {
  const bench = await openMethodBench(config.preset, modelDir);
  try {
    const timestampQueries = bench.engine.features.has('timestamp-query');
    const profile = config.profile ?? (timestampQueries ? (config.quick ? QUICK : FULL).profile : 0);
    if (profile > 0 && !timestampQueries)
      throw new CliError("--profile needs timestamp queries; this adapter has no 'timestamp-query' feature");
    const s = setting(
      {
        adapter: bench.adapter,
        software: bench.engine.adapter.isSoftware,
        mode: 'node',
        preset: config.preset,
        model: bench.model.name,
        pretrainedEncoder: bench.model.gan.encoder !== null,
        quick: config.quick,
        warmup: config.warmup,
        measured: config.measured,
        timestampQueries,
        profile,
      },
      bench.preset,
    );
    processIo.out(`${settingLine(s)}\n`);
    const result = await measureMethod(bench.backend, bench.runner, bench.preset, {
      warmup: config.warmup,
      measured: config.measured,
      profile,
      onPhase: (f) => processIo.out(`${phaseLine(f)}\n`),
    });
    return { setting: s, result };
  } finally {
    bench.release();
  }
}

async function inBrowser(config: MethodBenchConfig, realGpu: boolean): Promise<MethodBenchReport> {
  // Others edit the working tree while a bench runs for minutes: without HMR the page is never reloaded under us.
  const noReload = { name: 'bench-method-no-reload', config: () => ({ server: { hmr: false } }) };
  const bench = await openBenchPage('bench/method/index.html', { realGpu, plugins: [noReload] });
  // The page's own 404s (a missing encoder.json means no pretrained encoder) are said, with their URL.
  bench.page.on('response', (response) => {
    if (response.status() >= 400) processIo.err(`[page] HTTP ${response.status()} ${response.url()}\n`);
  });
  bench.page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('[bench:method] ') && text !== '[bench:method] ready')
      processIo.out(`${text.slice('[bench:method] '.length)}\n`);
  });
  try {
    await bench.page.waitForFunction(() => typeof window.runMethodBench === 'function', undefined, {
      timeout: 120_000,
    });
    return (await bench.page.evaluate((c) => window.runMethodBench(c), config)) as MethodBenchReport;
  } finally {
    await bench.close();
  }
}

const help = usage('bench:method', "the method's iteration per phase: ms, dispatches, creations, readbacks", SPECS);
process.exit(
  await runCommand(
    async () => {
      const options = parseOptions(process.argv.slice(2), SPECS);
      const quick = options.quick === true;
      const defaults = quick ? QUICK : FULL;
      const browser = options.browser === true;
      if (options['real-gpu'] === true && !browser) throw new CliError('--real-gpu goes with --browser');
      const modelDir = stringOption(options, 'model') ?? DEFAULT_MODEL_DIR;
      const config: MethodBenchConfig = {
        preset: presetOption(options, 'cpu'),
        quick,
        warmup: intOption(options, 'warmup', defaults.warmup, { min: 0 }),
        measured: intOption(options, 'measured', defaults.measured, { min: 1 }),
        profile: options.profile === undefined ? null : intOption(options, 'profile', 0, { min: 0 }),
        modelUrl: urlPath(modelDir),
        sampleUrl: urlPath(BENCH_SAMPLE),
      };
      const report = browser ? await inBrowser(config, options['real-gpu'] === true) : await inNode(config, modelDir);
      processIo.out(reportText(report));
      return 0;
    },
    processIo,
    help,
  ),
);
