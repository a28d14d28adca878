import { describe, expect, it } from 'vitest';
import { CliError, formatDuration, HelpRequested, memoryIo, parseOptions, runCommand } from '../../../src/cli/args';
import { parseEvalMethodArgs } from '../../../src/cli/evalMethod';
import { formatProgress, ProgressPrinter } from '../../../src/cli/progress';
import { checkCrop, parseReconstructArgs, reconstructMain } from '../../../src/cli/reconstruct';
import { DEFAULT_FACE_ELLIPSE } from '../../../src/data/mask/ellipse';
import type { Progress } from '../../../src/gan2shape/runner/types';

const IMAGE = 'public/samples/synface/synface_1000000_image.png';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return (err as Error).message;
  }
  throw new Error('expected a CliError');
}

describe('parseOptions', () => {
  const specs = {
    a: { kind: 'string' as const, value: 'X', help: 'a', required: true },
    f: { kind: 'flag' as const, help: 'f' },
  };

  it('reads --name value, --name=value and flags', () => {
    expect(parseOptions(['--a', '1', '--f'], specs)).toEqual({ a: '1', f: true });
    expect(parseOptions(['--a=x,y'], specs)).toEqual({ a: 'x,y' });
    expect(parseOptions(['--a', '-3'], specs)).toEqual({ a: '-3' });
  });

  it('says what is wrong, naming the option', () => {
    expect(message(() => parseOptions(['--b', '1'], specs))).toMatch(/unknown option --b: options are --a, --f/);
    expect(message(() => parseOptions([], specs))).toBe('--a X is required (see --help)');
    expect(message(() => parseOptions(['--a'], specs))).toBe('--a needs a value (X)');
    expect(message(() => parseOptions(['--a', '--f'], specs))).toBe('--a needs a value (X)');
    expect(message(() => parseOptions(['--a', '1', '--a', '2'], specs))).toBe('--a is given twice');
    expect(message(() => parseOptions(['--a', '1', 'stray'], specs))).toMatch(/unexpected argument 'stray'/);
    expect(message(() => parseOptions(['--a', '1', '--f=1'], specs))).toBe('--f takes no value');
    expect(() => parseOptions(['--help'], specs)).toThrow(HelpRequested);
  });
});

describe('reconstruct arguments', () => {
  it('has the app defaults: cpu preset, synface-64, centred crop, the default ellipse, synface, seed 0', () => {
    const a = parseReconstructArgs(['--image', IMAGE, '--out', 'o']);
    expect(a).toEqual({
      image: IMAGE,
      preset: 'cpu',
      out: 'o',
      model: 'public/models/synface-64',
      crop: null,
      mask: { kind: 'ellipse', ellipse: DEFAULT_FACE_ELLIPSE },
      category: 'synface',
      seed: 0,
    });
  });

  it('parses crop, ellipse and file masks, category, seed', () => {
    const a = parseReconstructArgs([
      ...['--image', 'x.png', '--out', 'o', '--preset', 'test', '--crop', '10,20.5,100'],
      ...['--mask', 'ellipse:0.5,0.5,0.3,0.4', '--category', 'face', '--seed', '7', '--model', 'm'],
    ]);
    expect(a.crop).toEqual({ x: 10, y: 20.5, size: 100 });
    expect(a.mask).toEqual({ kind: 'ellipse', ellipse: { cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.4 } });
    expect([a.category, a.seed, a.preset, a.model]).toEqual(['face', 7, 'test', 'm']);
    expect(parseReconstructArgs(['--image', 'x', '--out', 'o', '--mask', 'm.png']).mask).toEqual({
      kind: 'file',
      path: 'm.png',
    });
  });

  it('rejects bad values with one-line messages', () => {
    const base = ['--image', 'x', '--out', 'o'];
    expect(message(() => parseReconstructArgs([...base, '--preset', 'fast']))).toBe(
      "unknown preset 'fast': choose one of test, cpu, preview, paper",
    );
    expect(message(() => parseReconstructArgs([...base, '--crop', '1,2']))).toBe(
      "--crop must be x,y,size (pixels), got '1,2'",
    );
    expect(message(() => parseReconstructArgs([...base, '--crop', '1,2,0']))).toMatch(/size must be positive/);
    expect(message(() => parseReconstructArgs([...base, '--mask', 'ellipse:1,2,3']))).toMatch(
      /--mask must be ellipse:cx,cy,rx,ry/,
    );
    expect(message(() => parseReconstructArgs([...base, '--mask', 'ellipse:0.5,0.5,0,0.3']))).toMatch(/radii/);
    expect(message(() => parseReconstructArgs([...base, '--category', 'car']))).toBe(
      "--category must be one of synface, face, got 'car'",
    );
    expect(message(() => parseReconstructArgs([...base, '--seed', '1.5']))).toMatch(/--seed must be an integer/);
    expect(message(() => parseReconstructArgs([...base, '--seed', '-1']))).toMatch(/--seed must be an integer in 0/);
  });

  it('keeps the crop inside the image', () => {
    expect(() => checkCrop({ x: 0, y: 0, size: 64 }, 64, 80)).not.toThrow();
    expect(message(() => checkCrop({ x: 10, y: 0, size: 64 }, 64, 80))).toMatch(/leaves the 64 x 80 image/);
  });
});

describe('eval:method arguments', () => {
  it('requires data, count, preset and out; first and seed default to 0', () => {
    const a = parseEvalMethodArgs(['--data', 'd', '--count', '5', '--preset', 'test', '--out', 'o']);
    expect(a).toEqual({
      data: 'd',
      count: 5,
      first: 0,
      preset: 'test',
      out: 'o',
      model: 'public/models/synface-64',
      seed: 0,
    });
    expect(message(() => parseEvalMethodArgs(['--data', 'd', '--preset', 'test', '--out', 'o']))).toBe(
      '--count N is required (see --help)',
    );
    expect(message(() => parseEvalMethodArgs(['--data', 'd', '--count', '0', '--preset', 'test', '--out', 'o']))).toBe(
      "--count must be an integer >= 1, got '0'",
    );
  });
});

describe('reconstructMain errors', () => {
  async function run(argv: string[]) {
    const io = memoryIo();
    const code = await reconstructMain(argv, { io });
    return { code, err: io.stderr.join(''), out: io.stdout.join('') };
  }

  it('ends with exit code 2 and one line for a missing file, a non-image, an unknown preset, a missing model', async () => {
    const cases: [string[], RegExp][] = [
      [['--image', 'no/such.png', '--out', 'o'], /^error: image no\/such.png does not exist\n$/],
      [['--image', 'package.json', '--out', 'o'], /^error: package.json is not an image: expected PNG, JPEG/],
      [['--image', IMAGE, '--out', 'o', '--preset', 'fast'], /^error: unknown preset 'fast'/],
      [['--image', IMAGE, '--out', 'o', '--model', 'no/model'], /^error: model folder no\/model does not exist/],
      [['--image', IMAGE, '--out', 'o', '--model', 'docs'], /^error: docs is not a model bundle: it has no manifest/],
      [['--image', IMAGE], /^error: --out DIR is required/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints the usage for --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: npm run reconstruct -- [options]');
    expect(r.out).toContain('--mask SPEC');
  });

  it('turns unexpected errors into exit code 1 without a stack', async () => {
    const io = memoryIo();
    const code = await runCommand(
      async () => {
        throw new Error('boom\nsecond line');
      },
      io,
      '',
    );
    expect(code).toBe(1);
    expect(io.stderr.join('')).toBe('error: boom second line\n');
  });
});

describe('progress lines', () => {
  const progress = (over: Partial<Progress>): Progress => ({
    phaseIndex: 2,
    phaseCount: 6,
    stage: 1,
    step: 'step1',
    iteration: 5,
    iterations: 40,
    losses: { total: 0.123456, l1: 0.5 },
    lossesFresh: true,
    lossesIteration: 5,
    elapsedSeconds: 75,
    etaSeconds: 130,
    state: 'running',
    ...over,
  });

  it('shows phase, stage, step, iteration, losses, elapsed and ETA', () => {
    expect(formatProgress(progress({}))).toBe(
      '[3/6] stage 1 Step 1: albedo  5/40 | total 0.1235 l1 0.5000 | 1m15s elapsed, ETA 2m10s',
    );
    expect(formatProgress(progress({ stage: 0, step: 'prior', etaSeconds: null }), {})).toBe(
      '[3/6] Ellipsoid prior  5/40 | 1m15s elapsed, ETA ?',
    );
    expect(formatDuration(3725)).toBe('1h02m05s');
    expect(formatDuration(4.25)).toBe('4.3s');
  });

  it('redraws one line on a terminal and prints throttled plain lines otherwise', () => {
    const tty = memoryIo(true);
    const p = new ProgressPrinter(tty);
    for (let i = 1; i <= 40; i++) p.update(progress({ iteration: i, elapsedSeconds: i }));
    expect(tty.stdout.every((t) => t.startsWith('\r'))).toBe(true);
    expect(tty.stdout.at(-1)?.endsWith('\n')).toBe(true);

    const plain = memoryIo(false);
    const q = new ProgressPrinter(plain, { plainEverySeconds: 10 });
    for (let i = 1; i <= 40; i++) q.update(progress({ iteration: i, elapsedSeconds: i, lossesFresh: false }));
    // iteration 1 (phase start), then every 10 s, and the phase's last iteration
    expect(plain.stdout.map((l) => /\s(\d+)\/40/.exec(l)?.[1])).toEqual(['1', '11', '21', '31', '40']);
    expect(plain.stdout.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });

  it("hides another phase's stale losses", () => {
    const io = memoryIo(false);
    const p = new ProgressPrinter(io);
    p.update(progress({ phaseIndex: 1, iteration: 40 }));
    p.update(progress({ phaseIndex: 2, iteration: 1, lossesFresh: false }));
    expect(io.stdout[1]).not.toContain('total');
  });
});
