/**
 * Past runs kept in this browser (IndexedDB): thumbnail, date, model, preset, how far each got and how it ended;
 * a run can be reopened (its maps, 3D view, exports, and the GAN path a finished run kept) or deleted, and one that
 * stopped early (a reload, a crash,
 * a failure, a cancel) with a stored checkpoint can be resumed from it. When storage is full or refused the panel
 * says so; runs go on unstored.
 */
import { useEffect, useRef, useState } from 'react';
import type { EngineDevice } from '../../engine/device';
import { STEP_LABELS } from '../../gan2shape/runner/types';
import type { StoredRun } from '../../storage/runArchive';
import { useArchive } from '../archiveStore';
import { backendFor } from '../engineBackend';
import { releaseRunSettled, resumeLabel, resumeStoredRun, storedSource, storedTruth } from '../runLauncher';
import { useSession } from '../sessionStore';
import { openStoredGanPath, releaseStoredGanPath, useStoredGanPath } from '../storedGanPath';

function Thumbnail({ run }: { run: StoredRun }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(run.thumbnail), run.size, run.size), 0, 0);
  }, [run]);
  return <canvas ref={ref} width={run.size} height={run.size} className="run-thumb" />;
}

function howFar(run: StoredRun): string {
  const where = run.reached
    ? `${run.reached.stage > 0 ? `stage ${run.reached.stage} · ` : ''}${STEP_LABELS[run.reached.step]}`
    : 'not started';
  return `${run.phasesDone}/${run.phaseCount} phases (${where})`;
}

const STATUS_TEXT: Record<StoredRun['status'], string> = {
  running: 'running',
  done: 'finished',
  failed: 'stopped',
  cancelled: 'cancelled',
};

export function RunHistory({ engine }: { engine: EngineDevice }) {
  const status = useArchive((s) => s.status);
  const runs = useArchive((s) => s.runs);
  const recording = useArchive((s) => s.recording);
  const remove = useArchive((s) => s.remove);
  const open = useArchive((s) => s.open);
  const showStored = useSession((s) => s.showStored);
  // A resume replaces the page's run: offered only while none is going.
  const busy = useSession((s) => s.runState === 'running' || s.runState === 'paused');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void open();
  }, [open]);

  const reopen = async (run: StoredRun) => {
    const archive = useArchive.getState().archive;
    if (!archive) return;
    try {
      const [parts, truth] = await Promise.all([archive.parts(run.id), storedTruth(run)]);
      // The page's own run (and a previously reopened GAN path) goes: its nets are freed before another is built.
      await releaseRunSettled();
      showStored(
        storedSource(run, 'reopened from'),
        parts.snapshots,
        run.status === 'running' ? 'failed' : run.status,
        run.error,
        truth,
      );
      useArchive.getState().setCurrent(run.id);
      setProblem(null);
      void openStoredGanPath(backendFor(engine), archive, run, parts.input.image);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const resume = async (run: StoredRun) => {
    setProblem(null);
    try {
      await resumeStoredRun(engine, run);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="card run-history" data-testid="run-history" data-state={status.kind} data-count={runs.length}>
      <h2>Past runs</h2>
      {status.kind === 'opening' && <p className="muted">Opening this browser's run storage…</p>}
      {(status.kind === 'full' || status.kind === 'unavailable') && (
        <p className="warning" role="alert" data-testid="archive-problem">
          {status.message} {status.kind === 'full' ? 'Delete old runs below to store new ones. ' : ''}
          Runs still work; they are not kept after the page closes.
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {status.kind === 'ready' && runs.length === 0 && (
        <p className="muted">No stored runs yet: every run you start is kept here.</p>
      )}
      <ul className="run-list">
        {runs.map((run) => (
          <li
            key={run.id}
            data-testid="stored-run"
            data-status={run.status}
            data-phases-done={run.phasesDone}
            data-resume-phase={run.resumable?.nextPhase}
            // kept: a finished run's GAN path is stored; none: it kept none; absent: stored before runs kept it.
            data-gan-path={run.ganPath ? 'kept' : run.ganPath === null ? 'none' : undefined}
            data-sample={run.sample}
          >
            <Thumbnail run={run} />
            <div>
              <strong>{run.source}</strong>{' '}
              <span className="muted">
                {new Date(run.createdAt).toLocaleString()} · {run.model} · {run.preset}
              </span>
              <div>
                {run.id === recording ? 'running now' : STATUS_TEXT[run.status]}, {howFar(run)} ·{' '}
                {(run.bytes / 2 ** 20).toFixed(1)} MiB
              </div>
              {run.error && <div className="muted">{run.error}</div>}
            </div>
            <div className="run-actions">
              {run.resumable && run.status !== 'done' && run.id !== recording && (
                <button
                  type="button"
                  data-testid="resume-run"
                  disabled={busy}
                  title={busy ? 'Stop the run on the page first' : undefined}
                  onClick={() => void resume(run)}
                >
                  {resumeLabel(run.resumable)}
                </button>
              )}
              <button
                type="button"
                data-testid="reopen-run"
                disabled={run.id === recording}
                onClick={() => void reopen(run)}
              >
                Open
              </button>
              <button
                type="button"
                data-testid="delete-run"
                disabled={run.id === recording}
                onClick={() => {
                  if (useStoredGanPath.getState().runId === run.id) releaseStoredGanPath();
                  void remove(run.id);
                }}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
