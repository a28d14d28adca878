/**
 * Progress lines of a run: phase k/n, stage, step, iteration/iterations, the latest losses of this phase,
 * elapsed time and ETA. On a terminal one line is redrawn with \r (and kept at each phase's end); otherwise
 * plain lines at most every `plainEverySeconds`, plus the first and last iteration of every phase.
 */
import { type Progress, STEP_LABELS } from '../gan2shape/runner/types';
import { type CliIo, formatDuration } from './args';

export function formatLosses(losses: Record<string, number>): string {
  return Object.entries(losses)
    .map(([k, v]) => `${k} ${Number.isFinite(v) ? v.toPrecision(4) : String(v)}`)
    .join(' ');
}

/** One progress line (no newline). `losses` are the ones to show (the caller drops stale ones). */
export function formatProgress(p: Progress, losses: Record<string, number> = p.losses, prefix = ''): string {
  const stage = p.stage > 0 ? `stage ${p.stage} ` : '';
  const width = String(p.iterations).length;
  const lossText = formatLosses(losses);
  const eta = p.etaSeconds === null ? 'ETA ?' : `ETA ${formatDuration(p.etaSeconds)}`;
  return (
    `${prefix}[${p.phaseIndex + 1}/${p.phaseCount}] ${stage}${STEP_LABELS[p.step]} ` +
    `${String(p.iteration).padStart(width)}/${p.iterations}` +
    `${lossText ? ` | ${lossText}` : ''} | ${formatDuration(p.elapsedSeconds)} elapsed, ${eta}`
  );
}

export class ProgressPrinter {
  private lastPrint = Number.NEGATIVE_INFINITY;
  private lastPhase = -1;
  /** The phase whose losses are current (a phase without its own readings shows none). */
  private lossPhase = -1;
  private pending = false;

  constructor(
    private readonly io: CliIo,
    private readonly options: { prefix?: string; plainEverySeconds?: number; ttyEverySeconds?: number } = {},
  ) {}

  update(p: Progress): void {
    if (p.lossesFresh) this.lossPhase = p.phaseIndex;
    const losses = this.lossPhase === p.phaseIndex ? p.losses : {};
    const phaseStart = p.phaseIndex !== this.lastPhase;
    const phaseEnd = p.iteration === p.iterations;
    this.lastPhase = p.phaseIndex;
    const now = p.elapsedSeconds;
    const line = formatProgress(p, losses, this.options.prefix);
    if (this.io.isTty) {
      const every = this.options.ttyEverySeconds ?? 0.1;
      if (!phaseEnd && !phaseStart && now - this.lastPrint < every) return;
      this.lastPrint = now;
      // Clear to the end of the line: the new text may be shorter.
      this.io.out(`\r${line}\x1b[K${phaseEnd ? '\n' : ''}`);
      this.pending = !phaseEnd;
      return;
    }
    const every = this.options.plainEverySeconds ?? 5;
    if (!phaseEnd && !(phaseStart && p.iteration === 1) && now - this.lastPrint < every) return;
    this.lastPrint = now;
    this.io.out(`${line}\n`);
  }

  /** Ends a redrawn line (before other output, or when a run stops mid-phase). */
  finish(): void {
    if (this.pending) this.io.out('\n');
    this.pending = false;
  }
}
