/**
 * `npm run bench:soak -- [--iterations N] [--every K] [--preset P] [--model DIR]`: the memory soak of every step
 * (bench/soak/soak.ts) on Dawn, with the model's generator and discriminator, at the preset's sizes (default
 * `test`: 32 px, tiny nets). Prints one line per reading (live tensors, pool buffers in use, pool bytes) and, last,
 * one JSON object with the growth from the first to the last reading of each phase.
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
import { openMethodBench } from './node';
import { soak } from './soak';

const SPECS: OptionSpecs = {
  iterations: { kind: 'string', value: 'N', help: 'iterations of each phase (default 1000)' },
  every: { kind: 'string', value: 'K', help: 'a snapshot and a memory reading every K iterations (default 100)' },
  preset: { kind: 'string', value: 'P', help: 'sizes and widths of this preset (default test)' },
  model: { kind: 'string', value: 'DIR', help: `StyleGAN2 bundle folder (default ${DEFAULT_MODEL_DIR})` },
};

const help = usage('bench:soak', 'live tensors and pool bytes over N iterations of every step', SPECS);
process.exit(
  await runCommand(
    async () => {
      const options = parseOptions(process.argv.slice(2), SPECS);
      const iterations = intOption(options, 'iterations', 1000, { min: 2 });
      const every = intOption(options, 'every', 100, { min: 1 });
      if (iterations < 2 * every) throw new CliError(`--iterations must be at least twice --every (${every})`);
      const presetName = presetOption(options, 'test');
      const modelDir = stringOption(options, 'model') ?? DEFAULT_MODEL_DIR;
      const { adapter, backend, preset, runner, release } = await openMethodBench(presetName, modelDir);
      processIo.out(
        `bench:soak on ${adapter}: ${presetName} preset (${preset.imageSize} px), ` +
          `${iterations} iterations of each phase, a reading every ${every}\n`,
      );
      const result = await soak(backend, runner, {
        iterations,
        every,
        onReading: (r) =>
          processIo.out(
            `${r.step.padEnd(9)} ${String(r.iteration).padStart(6)}  tensors ${String(r.tensors).padStart(6)}  ` +
              `buffers in use ${String(r.inUseBuffers).padStart(5)}  pool ${(r.allocatedBytes / 2 ** 20).toFixed(2)} MiB\n`,
          ),
      });
      release();
      const growth = Object.fromEntries(
        Object.entries(result.steps).map(([step, g]) => [
          step,
          { tensors: g.tensors, in_use_buffers: g.inUseBuffers, pool_bytes: g.allocatedBytes },
        ]),
      );
      processIo.out(
        `${JSON.stringify({
          date: new Date().toISOString().slice(0, 10),
          adapter,
          preset: presetName,
          size: preset.imageSize,
          iterations,
          every,
          growth,
          max_tensor_growth: result.maxTensorGrowth,
          max_pool_byte_growth: result.maxByteGrowth,
          seconds: Math.round(result.seconds),
        })}\n`,
      );
      return 0;
    },
    processIo,
    help,
  ),
);
