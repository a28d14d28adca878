/**
 * What bench:method prints, shared by its Node run (run.ts) and its browser page (page.ts): the run's setting,
 * the per-phase table, the projection, the kernel table or why there is none, and the JSON line. Free of Node APIs.
 */
import type { PresetName, ResolvedPreset } from '../../src/gan2shape/presets/presets';
import {
  formatKernels,
  formatProjection,
  formatTable,
  type MethodBenchResult,
  type PhaseFigures,
  resultJson,
} from './method';

// Quick warm-up 5, not fewer: the collect phase reaches its steady buffer assignment (0 bind-group creations) only
// at its fifth batch (docs/PERFORMANCE.md, "Back to back against the first measurement").
export const QUICK = { warmup: 5, measured: 5, profile: 2 };
export const FULL = { warmup: 5, measured: 20, profile: 5 };

/** What the page needs to run (run.ts passes it to window.runMethodBench). */
export interface MethodBenchConfig {
  preset: PresetName;
  quick: boolean;
  warmup: number;
  measured: number;
  /** null: the default where the device has timestamp queries (QUICK/FULL.profile), else 0. */
  profile: number | null;
  /** URL paths on the bench's Vite server. */
  modelUrl: string;
  sampleUrl: string;
}

export interface MethodBenchSetting {
  adapter: string;
  software: boolean;
  mode: 'node' | 'browser';
  preset: PresetName;
  size: number;
  batch: number;
  widths: { depth: number; albedo: number; view_light: number; latent_encoder: number };
  model: string;
  /** Whether the model's pretrained latent-offset encoder was loaded (step 2 starts from it). */
  pretrainedEncoder: boolean;
  quick: boolean;
  warmup: number;
  measured: number;
  timestampQueries: boolean;
  profile: number;
}

export interface MethodBenchReport {
  setting: MethodBenchSetting;
  result: MethodBenchResult;
}

export function setting(
  base: Omit<MethodBenchSetting, 'size' | 'batch' | 'widths'>,
  preset: ResolvedPreset,
): MethodBenchSetting {
  return {
    ...base,
    size: preset.imageSize,
    batch: preset.batchSize,
    widths: {
      depth: preset.netWidth,
      albedo: preset.albedoWidth,
      view_light: preset.encoderWidth,
      latent_encoder: preset.latentEncoderWidth,
    },
  };
}

export function settingLine(s: MethodBenchSetting): string {
  const w = s.widths;
  return (
    `bench:method (${s.mode}) on ${s.adapter}: ${s.preset} preset (${s.size} px, batch ${s.batch}, widths D ${w.depth} ` +
    `A ${w.albedo} V/L ${w.view_light} E ${w.latent_encoder}), model ${s.model}` +
    `${s.pretrainedEncoder ? ' with its pretrained encoder' : ' (no pretrained encoder)'}; per phase ${s.warmup} warm-up + ` +
    `${s.measured} measured${s.profile ? ` + ${s.profile} profiled` : ''} iterations`
  );
}

/** A progress line when a phase is measured. */
export function phaseLine(f: PhaseFigures): string {
  return (
    `${new Date().toISOString().slice(11, 19)} ${f.step.padEnd(9)} ${f.msPerIteration.toFixed(1)} ms/iteration, ` +
    `${f.perIteration.dispatches.toFixed(1)} dispatches/iteration`
  );
}

/** Everything after the run, the JSON object on the last line. */
export function reportText(r: MethodBenchReport): string {
  const s = r.setting;
  const kernels = !s.timestampQueries
    ? 'timestamp queries: not available on this adapter'
    : !s.profile
      ? 'timestamp queries: available, not used (--profile 0)'
      : formatKernels(r.result.projection);
  const json = {
    date: new Date().toISOString().slice(0, 10),
    adapter: s.adapter,
    software: s.software,
    mode: s.mode,
    preset: s.preset,
    size: s.size,
    batch: s.batch,
    widths: s.widths,
    model: s.model,
    pretrained_encoder: s.pretrainedEncoder,
    quick: s.quick,
    warmup: s.warmup,
    measured: s.measured,
    timestamp_queries: s.timestampQueries,
    profile: s.profile,
    ...resultJson(r.result),
  };
  return [
    '',
    formatTable(r.result.phases),
    '(counts per iteration of the measured window)',
    formatProjection(r.result.projection),
    kernels,
    JSON.stringify(json),
    '',
  ].join('\n');
}
