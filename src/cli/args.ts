/**
 * The Node CLIs' shared plumbing: errors that end a command with one clear line and exit code 2, the output
 * streams (injectable for tests), and a small `--name value` parser whose messages say what to type instead.
 */
import { PRESETS, type PresetName } from '../gan2shape/presets/presets';

/** A problem with the command line or its inputs: printed as one line, exit code 2 (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `--help`: the caller prints the usage and exits 0. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

export interface CliIo {
  /** Writes text as is (callers add the newline; progress lines may end in \r). */
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: progress redraws one line instead of printing many. */
  isTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
};

/** Collects everything written (tests). */
export function memoryIo(isTty = false): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty, stdout, stderr };
}

export interface OptionSpec {
  /** `flag` takes no value. */
  kind: 'string' | 'flag';
  /** e.g. 'FILE' or 'N'; shown in the usage. */
  value?: string;
  help: string;
  required?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type ParsedOptions = Record<string, string | true>;

/** The usage text: one line per option. */
export function usage(command: string, summary: string, specs: OptionSpecs): string {
  const lines = [`usage: npm run ${command} -- [options]`, summary, '', 'options:'];
  const left = (name: string, spec: OptionSpec) =>
    `  --${name}${spec.kind === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  const width = Math.max(...Object.entries(specs).map(([n, s]) => left(n, s).length)) + 2;
  for (const [name, spec] of Object.entries(specs)) {
    lines.push(`${left(name, spec).padEnd(width)}${spec.help}${spec.required ? ' (required)' : ''}`);
  }
  lines.push(`${'  --help'.padEnd(width)}this text`);
  return `${lines.join('\n')}\n`;
}

/** Parses `--name value`, `--name=value` and flags; every problem is a CliError naming the option. */
export function parseOptions(argv: readonly string[], specs: OptionSpecs): ParsedOptions {
  const out: ParsedOptions = {};
  const known = Object.keys(specs)
    .map((n) => `--${n}`)
    .join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    if (!arg.startsWith('--') || arg.length === 2)
      throw new CliError(`unexpected argument '${arg}': options are ${known} (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs[name];
    if (!spec) throw new CliError(`unknown option --${name}: options are ${known} (see --help)`);
    if (name in out) throw new CliError(`--${name} is given twice`);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new CliError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new CliError(`--${name} needs a value (${spec.value ?? 'VALUE'})`);
    out[name] = value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !(name in out))
      throw new CliError(`--${name} ${spec.value ?? 'VALUE'} is required (see --help)`);
  }
  return out;
}

/** The string value of an option (undefined when absent). */
export function stringOption(options: ParsedOptions, name: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' ? v : undefined;
}

/** An integer option within [min, max]. */
export function intOption(
  options: ParsedOptions,
  name: string,
  fallback: number,
  range: { min?: number; max?: number } = {},
): number {
  const text = stringOption(options, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    const bounds = range.max !== undefined ? ` in ${min}..${max}` : range.min !== undefined ? ` >= ${min}` : '';
    throw new CliError(`--${name} must be an integer${bounds}, got '${text}'`);
  }
  return value;
}

/** A comma-separated list of `count` finite numbers. */
export function numberList(name: string, text: string, count: number, form: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v)))
    throw new CliError(`--${name} must be ${form}, got '${text}'`);
  return values;
}

export function presetOption(options: ParsedOptions, fallback: PresetName): PresetName {
  const name = stringOption(options, 'preset') ?? fallback;
  if (!(name in PRESETS))
    throw new CliError(`unknown preset '${name}': choose one of ${Object.keys(PRESETS).join(', ')}`);
  return name as PresetName;
}

/** Runs a command's main and turns its outcome into an exit code; errors become one line on stderr. */
export async function runCommand(main: () => Promise<number>, io: CliIo, helpText: string): Promise<number> {
  try {
    return await main();
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.out(helpText);
      return 0;
    }
    if (err instanceof CliError) {
      io.err(`error: ${err.message}\n`);
      return err.exitCode;
    }
    // Anything else is a bug or a GPU failure: one line too, the stack only on request.
    const message = err instanceof Error ? err.message : String(err);
    io.err(`error: ${message.split('\n').join(' ')}\n`);
    if (process.env.GAN2SHAPE_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return 1;
  }
}

/** Seconds as 1h02m03s / 2m03s / 4.5s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}h` : ''}${mm}m${String(r).padStart(2, '0')}s`;
}
