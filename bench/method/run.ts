/**
 * `npm run bench:method -- [--quick] [--preset P] [--warmup N] [--measured N] [--model DIR]`: the method's
 * iteration, measured (bench/method/method.ts) in Node on Dawn (SwiftShader without a GPU), at the sizes and
 * widths of a preset (default cpu) with the default model and its pretrained encoder, on the bundled sample face.
 * Prints a line per phase, the per-phase table, the projected wall time of the preset's whole schedule, where the
 * device has timestamp queries the top-10 kernels by GPU time (from `--profile N` more iterations per phase, run
 * with the kernel profiler after the timed window), and last one JSON object with every figure.
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
import { openMethodBench } from '../soak/node';
import { formatKernels, formatProjection, formatTable, measureMethod, resultJson } from './method';

const QUICK = { warmup: 3, measured: 5, profile: 2 };
const FULL = { warmup: 5, measured: 20, profile: 5 };

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
};

const help = usage('bench:method', "the method's iteration per phase: ms, dispatches, creations, readbacks", SPECS);
process.exit(
  await runCommand(
    async () => {
      const options = parseOptions(process.argv.slice(2), SPECS);
      const quick = options.quick === true;
      const defaults = quick ? QUICK : FULL;
      const warmup = intOption(options, 'warmup', defaults.warmup, { min: 0 });
      const measured = intOption(options, 'measured', defaults.measured, { min: 1 });
      const presetName = presetOption(options, 'cpu');
      const modelDir = stringOption(options, 'model') ?? DEFAULT_MODEL_DIR;
      const bench = await openMethodBench(presetName, modelDir);
      const { backend, preset } = bench;
      const timestamps = bench.engine.features.has('timestamp-query');
      const profile = intOption(options, 'profile', timestamps ? defaults.profile : 0, { min: 0 });
      if (profile > 0 && !timestamps) {
        bench.release();
        throw new CliError("--profile needs timestamp queries; this adapter has no 'timestamp-query' feature");
      }
      processIo.out(
        `bench:method on ${bench.adapter}: ${presetName} preset (${preset.imageSize} px, batch ${preset.batchSize}, ` +
          `widths D ${preset.netWidth} A ${preset.albedoWidth} V/L ${preset.encoderWidth} E ${preset.latentEncoderWidth}), ` +
          `model ${bench.model.name}; per phase ${warmup} warm-up + ${measured} measured` +
          `${profile ? ` + ${profile} profiled` : ''} iterations\n`,
      );
      const result = await measureMethod(backend, bench.runner, preset, {
        warmup,
        measured,
        profile,
        onPhase: (f) =>
          processIo.out(
            `${new Date().toISOString().slice(11, 19)} ${f.step.padEnd(9)} ${f.msPerIteration.toFixed(1)} ms/iteration, ` +
              `${f.perIteration.dispatches.toFixed(1)} dispatches/iteration\n`,
          ),
      });
      bench.release();
      processIo.out(`\n${formatTable(result.phases)}\n(counts per iteration of the measured window)\n`);
      processIo.out(`${formatProjection(result.projection)}\n`);
      if (!timestamps) processIo.out('timestamp queries: not available on this adapter\n');
      else if (!profile) processIo.out('timestamp queries: available, not used (--profile 0)\n');
      else processIo.out(`${formatKernels(result.projection)}\n`);
      processIo.out(
        `${JSON.stringify({
          date: new Date().toISOString().slice(0, 10),
          adapter: bench.adapter,
          software: bench.engine.adapter.isSoftware,
          mode: 'node',
          preset: presetName,
          size: preset.imageSize,
          batch: preset.batchSize,
          widths: {
            depth: preset.netWidth,
            albedo: preset.albedoWidth,
            view_light: preset.encoderWidth,
            latent_encoder: preset.latentEncoderWidth,
          },
          model: bench.model.name,
          quick,
          warmup,
          measured,
          timestamp_queries: timestamps,
          profile,
          ...resultJson(result),
        })}\n`,
      );
      return 0;
    },
    processIo,
    help,
  ),
);
