/**
 * The method's iteration, measured (issue 15): for the first phase of each kind in a preset's schedule
 * (inversion, prior, step 1, step 2, collect, step 3, in schedule order on one MethodRunner, as bench:soak drives
 * them), `warmup` iterations, then `measured` iterations timed between two idle points of the device (everything
 * submitted and finished: backend.finish()), with the backend's counters (dispatches, submits, buffer, bind-group,
 * pipeline creations, readbacks) per iteration and the memory held at the window's end (pool bytes, buffers,
 * live tensors). The projection multiplies each phase kind's ms per iteration by the iterations of every phase of
 * that kind in the preset's whole schedule (runnablePhases). Where the device has timestamp queries, `profile`
 * more iterations per phase run with the backend's kernel profiler (a pass per dispatch, so never in the timed
 * window): GPU time per kernel per iteration, and a top-10 over the projected schedule. Free of Node APIs.
 */

import { type BackendCounters, counterDelta, type WebGpuBackend } from '../../src/engine/webgpu/backend';
import type { KernelTime } from '../../src/engine/webgpu/profiler';
import type { MethodRunner } from '../../src/gan2shape/method/methodRunner';
import { LOSS_READ_EVERY, shouldReadLosses } from '../../src/gan2shape/method/steps/trainIteration';
import type { Preset } from '../../src/gan2shape/presets/presets';
import type { Phase, StepKind } from '../../src/gan2shape/runner/types';
import { runnablePhases } from '../../src/gan2shape/start';
import { readMemory } from '../soak/soak';

export interface MethodBenchOptions {
  /** Iterations run before the window (pipelines compiled, pool filled). */
  warmup: number;
  /** Iterations in the timed window; a multiple of LOSS_READ_EVERY holds the steady share of logging iterations. */
  measured: number;
  /** Iterations per phase run with the kernel profiler after the window (0: none; needs timestamp-query). */
  profile?: number;
  onPhase?: (figures: PhaseFigures) => void;
}

export interface PhaseFigures {
  step: StepKind;
  stage: number;
  /** The phase's length as begun: the schedule's, or warmup + measured + 1 if that is more (see measurePhase). */
  iterations: number;
  warmup: number;
  measured: number;
  /** Iterations of the window that read their losses back (shouldReadLosses; steps read every LOSS_READ_EVERY). */
  loggingIterations: number;
  msPerIteration: number;
  /** begin() and end() (+ finish()), once per phase: set-up such as the frozen nets' precomputation. */
  beginMs: number;
  endMs: number;
  /** Counter differences over the window divided by `measured`. */
  perIteration: BackendCounters;
  /** At the window's end, the device idle: the pool's GPU bytes and buffers, the engine's live tensors. */
  poolBytes: number;
  liveBuffers: number;
  inUseBuffers: number;
  liveTensors: number;
  /** Profiled iterations, and GPU time per kernel per iteration, the most first (null: not profiled). */
  profiled: number;
  kernels: KernelTime[] | null;
}

export interface ScheduleProjection {
  /** Sum over the schedule's phases of ms per iteration x iterations (per-phase set-up not included). */
  seconds: number;
  /** The same plus every phase's measured begin + end. */
  secondsWithSetup: number;
  /** Seconds per phase kind, summed over the stages. */
  byStep: Partial<Record<StepKind, number>>;
  phases: { stage: number; step: StepKind; iterations: number; seconds: number }[];
  /** Profiled runs: GPU seconds per kernel over the whole schedule, the most first. */
  kernels: { kernel: string; seconds: number; dispatches: number }[] | null;
}

export interface MethodBenchResult {
  phases: PhaseFigures[];
  projection: ScheduleProjection;
  seconds: number;
}

/** One phase: begin, warm-up, the timed window between two idle points, end. */
export async function measurePhase(
  backend: WebGpuBackend,
  runner: MethodRunner,
  scheduled: Phase,
  options: Pick<MethodBenchOptions, 'warmup' | 'measured' | 'profile'>,
): Promise<PhaseFigures> {
  const { warmup, measured } = options;
  const profile = options.profile ?? 0;
  // Steps read their losses back at iterations LOSS_READ_EVERY - 1, 2 x LOSS_READ_EVERY - 1, ... and at the phase's
  // last. The iteration index changes nothing else that costs time (the inversion's learning rate), so the warm-up
  // starts where it ends on a logging iteration (its readbacks and check kernels are compiled before the window),
  // and the phase is made one longer than what runs: its last read stays out, the collect store is big enough.
  const start = (LOSS_READ_EVERY - (warmup % LOSS_READ_EVERY)) % LOSS_READ_EVERY;
  const windowStart = start + warmup;
  const windowEnd = windowStart + measured;
  const phase: Phase = { ...scheduled, iterations: Math.max(scheduled.iterations, windowEnd + profile + 1) };
  let loggingIterations = 0;
  for (let i = windowStart; i < windowEnd; i++) if (shouldReadLosses(i, phase.iterations)) loggingIterations++;
  let t = performance.now();
  await runner.begin(phase);
  await backend.finish();
  const beginMs = performance.now() - t;
  for (let i = start; i < windowStart; i++) await runner.iterate(phase, i);
  await backend.finish();
  const before = backend.counters();
  t = performance.now();
  for (let i = windowStart; i < windowEnd; i++) await runner.iterate(phase, i);
  await backend.finish();
  const ms = performance.now() - t;
  const delta = counterDelta(backend.counters(), before);
  const memory = readMemory(backend, phase.step, windowEnd);
  const pool = backend.pool.stats();
  let kernels: KernelTime[] | null = null;
  if (profile > 0) {
    backend.startProfiling();
    for (let i = windowEnd; i < windowEnd + profile; i++) await runner.iterate(phase, i);
    kernels = (await backend.stopProfiling()).map((k) => ({
      kernel: k.kernel,
      ms: k.ms / profile,
      dispatches: k.dispatches / profile,
    }));
  }
  t = performance.now();
  await runner.end();
  await backend.finish();
  const endMs = performance.now() - t;
  const perIteration = Object.fromEntries(
    Object.entries(delta).map(([name, count]) => [name, count / measured]),
  ) as unknown as BackendCounters;
  return {
    step: phase.step,
    stage: phase.stage,
    iterations: phase.iterations,
    warmup,
    measured,
    loggingIterations,
    msPerIteration: ms / measured,
    beginMs,
    endMs,
    perIteration,
    poolBytes: memory.allocatedBytes,
    liveBuffers: pool.liveBuffers,
    inUseBuffers: memory.inUseBuffers,
    liveTensors: memory.tensors,
    profiled: profile,
    kernels,
  };
}

/** The first phase of each kind in the schedule, in schedule order. */
export function measuredPhases(schedulePhases: readonly Phase[]): Phase[] {
  return schedulePhases.filter((p, i) => schedulePhases.findIndex((q) => q.step === p.step) === i);
}

export function projectSchedule(
  schedulePhases: readonly Phase[],
  figures: readonly PhaseFigures[],
): ScheduleProjection {
  const byKind = new Map(figures.map((f) => [f.step, f]));
  const phases = schedulePhases.map((p) => {
    const f = byKind.get(p.step);
    if (!f) throw new Error(`projectSchedule: the ${p.step} phase was not measured.`);
    return {
      stage: p.stage,
      step: p.step,
      iterations: p.iterations,
      seconds: (f.msPerIteration * p.iterations) / 1000,
    };
  });
  const byStep: ScheduleProjection['byStep'] = {};
  for (const p of phases) byStep[p.step] = (byStep[p.step] ?? 0) + p.seconds;
  const seconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  const setup = schedulePhases.reduce((sum, p) => {
    const f = byKind.get(p.step) as PhaseFigures;
    return sum + (f.beginMs + f.endMs) / 1000;
  }, 0);
  let kernels: ScheduleProjection['kernels'] = null;
  if (figures.every((f) => f.kernels)) {
    const total = new Map<string, { seconds: number; dispatches: number }>();
    for (const p of schedulePhases) {
      for (const k of (byKind.get(p.step) as PhaseFigures).kernels as KernelTime[]) {
        const t = total.get(k.kernel) ?? { seconds: 0, dispatches: 0 };
        t.seconds += (k.ms * p.iterations) / 1000;
        t.dispatches += k.dispatches * p.iterations;
        total.set(k.kernel, t);
      }
    }
    kernels = [...total.entries()].map(([kernel, t]) => ({ kernel, ...t })).sort((a, b) => b.seconds - a.seconds);
  }
  return { seconds, secondsWithSetup: seconds + setup, byStep, phases, kernels };
}

/** Every phase kind of the preset's schedule (an input without its w: the inversion runs), then the projection. */
export async function measureMethod(
  backend: WebGpuBackend,
  runner: MethodRunner,
  preset: Preset,
  options: MethodBenchOptions,
): Promise<MethodBenchResult> {
  if (!Number.isInteger(options.warmup) || options.warmup < 0)
    throw new Error(`bench:method: warm-up must be a non-negative integer, got ${options.warmup}.`);
  if (!Number.isInteger(options.measured) || options.measured < 1)
    throw new Error(`bench:method: measured iterations must be a positive integer, got ${options.measured}.`);
  const t0 = performance.now();
  const schedulePhases = runnablePhases(preset, true, false);
  const figures: PhaseFigures[] = [];
  for (const phase of measuredPhases(schedulePhases)) {
    const f = await measurePhase(backend, runner, phase, options);
    figures.push(f);
    options.onPhase?.(f);
  }
  return {
    phases: figures,
    projection: projectSchedule(schedulePhases, figures),
    seconds: (performance.now() - t0) / 1000,
  };
}

// ---- output ----

const COLUMNS: [string, (f: PhaseFigures) => string][] = [
  ['phase', (f) => f.step],
  ['ms/iter', (f) => f.msPerIteration.toFixed(f.msPerIteration < 100 ? 1 : 0)],
  ['dispatches', (f) => fmt(f.perIteration.dispatches)],
  ['submits', (f) => fmt(f.perIteration.submits)],
  ['buffers', (f) => fmt(f.perIteration.bufferCreations)],
  ['bind groups', (f) => fmt(f.perIteration.bindGroupCreations)],
  ['bind-group hits', (f) => percent(f.perIteration.bindGroupHits, f.perIteration.bindGroupCreations)],
  ['pool hits', (f) => percent(f.perIteration.poolHits, f.perIteration.bufferCreations)],
  ['pipelines', (f) => fmt(f.perIteration.pipelineCreations)],
  ['readbacks', (f) => fmt(f.perIteration.readbacks)],
  [
    'per logging it.',
    (f) => (f.loggingIterations ? fmt(f.perIteration.readbacks * (f.measured / f.loggingIterations)) : '-'),
  ],
  ['pool MiB', (f) => (f.poolBytes / 2 ** 20).toFixed(2)],
  ['tensors', (f) => String(f.liveTensors)],
  ['begin+end ms', (f) => (f.beginMs + f.endMs).toFixed(0)],
  ['GPU ms/iter', (f) => (f.kernels ? gpuMs(f.kernels).toFixed(0) : '-')],
];

/** Cache hit rate in %: hits / (hits + misses). */
const percent = (hits: number, misses: number) =>
  hits + misses ? `${((100 * hits) / (hits + misses)).toFixed(1)}%` : '-';

const gpuMs = (kernels: readonly KernelTime[]) => kernels.reduce((sum, k) => sum + k.ms, 0);

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** The per-phase table (counts are per iteration of the window). */
export function formatTable(figures: readonly PhaseFigures[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...figures.map((f) => COLUMNS.map(([, cell]) => cell(f)))];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

export function formatProjection(p: ScheduleProjection): string {
  const parts = Object.entries(p.byStep).map(([step, s]) => `${step} ${(s as number).toFixed(0)} s`);
  return (
    `projected schedule: ${formatSeconds(p.seconds)} of iterations (${parts.join(', ')}); ` +
    `${formatSeconds(p.secondsWithSetup)} with every phase's begin + end`
  );
}

/** The top kernels by GPU time over the projected schedule (profiled runs only). */
export function formatKernels(p: ScheduleProjection, top = 10): string {
  if (!p.kernels) return '';
  const all = p.kernels.reduce((sum, k) => sum + k.seconds, 0);
  const rows = [
    ['kernel', 'GPU s', 'share', 'dispatches'],
    ...p.kernels
      .slice(0, top)
      .map((k) => [
        k.kernel,
        k.seconds.toFixed(1),
        `${((100 * k.seconds) / all).toFixed(1)}%`,
        String(Math.round(k.dispatches)),
      ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
  );
  return `GPU time per kernel over the projected schedule (top ${top} of ${p.kernels.length}; all: ${all.toFixed(1)} s)\n${lines.join('\n')}`;
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The JSON line's per-phase part (snake_case, as the other benches). */
export function phaseJson(f: PhaseFigures): Record<string, unknown> {
  const c = f.perIteration;
  return {
    step: f.step,
    stage: f.stage,
    iterations: f.iterations,
    warmup: f.warmup,
    measured: f.measured,
    logging_iterations: f.loggingIterations,
    ms_per_iteration: round(f.msPerIteration, 2),
    begin_ms: round(f.beginMs, 1),
    end_ms: round(f.endMs, 1),
    per_iteration: {
      dispatches: round(c.dispatches, 2),
      submits: round(c.submits, 2),
      buffer_creations: round(c.bufferCreations, 2),
      bind_group_creations: round(c.bindGroupCreations, 2),
      bind_group_hits: round(c.bindGroupHits, 2),
      pool_hits: round(c.poolHits, 2),
      pipeline_creations: round(c.pipelineCreations, 2),
      shader_module_creations: round(c.shaderModuleCreations, 2),
      readbacks: round(c.readbacks, 2),
    },
    pool_bytes: f.poolBytes,
    live_buffers: f.liveBuffers,
    in_use_buffers: f.inUseBuffers,
    live_tensors: f.liveTensors,
    readbacks_per_logging_iteration: f.loggingIterations
      ? round((c.readbacks * f.measured) / f.loggingIterations, 2)
      : null,
    ...(f.kernels
      ? {
          profiled: f.profiled,
          gpu_ms_per_iteration: round(gpuMs(f.kernels), 2),
          kernels_top10: f.kernels.slice(0, 10).map((k) => ({
            kernel: k.kernel,
            ms_per_iteration: round(k.ms, 3),
            dispatches_per_iteration: round(k.dispatches, 2),
          })),
        }
      : {}),
  };
}

export function resultJson(result: MethodBenchResult): Record<string, unknown> {
  const p = result.projection;
  return {
    loss_read_every: LOSS_READ_EVERY,
    phases: result.phases.map(phaseJson),
    projection: {
      seconds: round(p.seconds, 1),
      seconds_with_setup: round(p.secondsWithSetup, 1),
      by_step: Object.fromEntries(Object.entries(p.byStep).map(([k, s]) => [k, round(s as number, 1)])),
      phases: p.phases.map((x) => ({ ...x, seconds: round(x.seconds, 1) })),
      kernels_top10: p.kernels
        ? p.kernels.slice(0, 10).map((k) => ({ kernel: k.kernel, gpu_seconds: round(k.seconds, 2) }))
        : null,
    },
    seconds: Math.round(result.seconds),
  };
}
