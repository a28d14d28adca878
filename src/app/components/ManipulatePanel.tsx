/**
 * Rotate and relight the result with sliders, by both of GAN2Shape's paths side by side (method-reference
 * section 8): the 3D mesh path (the engine's renderer draws the textured depth mesh in the new view/light) and the
 * GAN path (the relit canonical image warped into the view, then E and G: ganPath.ts), which needs the run's E,
 * w and I_gan and so is offered for the page's own run once E is trained, and for a reopened finished run that
 * kept them (storedGanPath.ts) with its model loaded. Each path's renders are coalesced
 * (manipulate/coalesce.ts): while one is on the GPU only the latest slider state waits; each has its busy state.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Backend } from '../../engine/backend';
import { coalesce } from '../../gan2shape/manipulate/coalesce';
import { renderGanManipulated } from '../../gan2shape/manipulate/ganPath';
import { renderManipulated } from '../../gan2shape/manipulate/meshPath';
import { ganPathUnavailable, manipulationPaths } from '../../gan2shape/manipulate/paths';
import type { Run } from '../../gan2shape/runner/run';
import type { Snapshot } from '../../gan2shape/runner/types';
import { useArchive } from '../archiveStore';
import { chwToRgba } from '../maps/colormap';
import { runnerOf } from '../runLauncher';
import { useSession } from '../sessionStore';
import { type ReopenedGanPathState, useStoredGanPath } from '../storedGanPath';

type SliderSpec = {
  key: 'yawDeg' | 'pitchDeg' | 'lightX' | 'lightY' | 'ambient' | 'diffuse';
  label: string;
  min: number;
  max: number;
  step: number;
};

const SLIDERS: SliderSpec[] = [
  { key: 'yawDeg', label: 'Yaw °', min: -70, max: 70, step: 1 },
  { key: 'pitchDeg', label: 'Pitch °', min: -20, max: 20, step: 1 },
  { key: 'lightX', label: 'Light x', min: -1.5, max: 1.5, step: 0.05 },
  { key: 'lightY', label: 'Light y', min: -1, max: 1, step: 0.05 },
  { key: 'ambient', label: 'Ambient', min: 0, max: 1.5, step: 0.05 },
  { key: 'diffuse', label: 'Diffuse', min: 0, max: 1.5, step: 0.05 },
];

function draw(canvas: HTMLCanvasElement | null, image: Float32Array, size: number): boolean {
  if (!canvas) return false;
  canvas.width = size;
  canvas.height = size;
  canvas.getContext('2d')?.putImageData(chwToRgba(image, size), 0, 0);
  return true;
}

/** Whether the page shows the stored run whose GAN path was rebuilt (a reopened run has no live run). */
function reopenedShown(run: Run | null, shownRun: string | null, stored: ReopenedGanPathState): boolean {
  return run === null && stored.runId !== null && stored.runId === shownRun;
}

const message = (what: string, err: unknown) => `${what} failed: ${err instanceof Error ? err.message : String(err)}`;

/** One path's canvas, render count, busy state and error, driven by a coalescer. */
function usePathRenderer(render: (canvas: HTMLCanvasElement | null) => Promise<boolean>, what: string) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderRef = useRef(render);
  renderRef.current = render;
  const [renders, setRenders] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queue = useMemo(
    () =>
      coalesce(async () => {
        try {
          if (await renderRef.current(canvas.current)) setRenders((n) => n + 1);
          setError(null);
        } catch (err) {
          setError(message(what, err));
        }
      }, setBusy),
    [what],
  );
  return { canvas, renders, busy, error, request: queue.request };
}

export function ManipulatePanel({ backend, input }: { backend: Backend; input: Float32Array | null }) {
  const snapshot = useSession((s) => s.snapshot);
  const manipulation = useSession((s) => s.manipulation);
  const run = useSession((s) => s.run);
  const runState = useSession((s) => s.runState);
  const encoderTrained = useSession((s) => s.pseudo !== null);
  const setManipulation = useSession((s) => s.setManipulation);
  const resetManipulation = useSession((s) => s.resetManipulation);
  const stored = useStoredGanPath();
  const shownRun = useArchive((s) => s.current);
  const runner = runnerOf(run);
  const ganReason = ganPathUnavailable({
    liveRun: runner !== null,
    runState,
    hasGan: runner?.ctx.gan != null,
    encoderTrained,
    reopened: reopenedShown(run, shownRun, stored) ? stored.status : null,
  });

  // Each render reads the newest snapshot and sliders from the store when it starts, never a queued one's.
  const latest = (): { snap: Snapshot; albedo: Float32Array } | null => {
    const snap = useSession.getState().snapshot;
    const albedo = snap?.albedo ?? input;
    return snap && albedo ? { snap, albedo } : null;
  };
  const mesh = usePathRenderer(async (canvas) => {
    const now = latest();
    if (!now) return false;
    const m = useSession.getState().manipulation;
    const image = await renderManipulated(backend, now.snap.depth, now.albedo, now.snap.size, m);
    return draw(canvas, image, now.snap.size);
  }, 'Rendering');
  const gan = usePathRenderer(async (canvas) => {
    const now = latest();
    // Taken when the render starts: the runner (and E) may be gone by the next one. Without a live run, the
    // reopened stored run's rebuilt one.
    const live = useSession.getState().run;
    const stored = useStoredGanPath.getState();
    const model = live
      ? (runnerOf(live)?.ganPathModel() ?? null)
      : reopenedShown(live, useArchive.getState().current, stored)
        ? stored.model
        : null;
    if (!now?.snap.albedo || !model || model.size !== now.snap.size) return false;
    const m = useSession.getState().manipulation;
    const { image } = await renderGanManipulated(model, now.snap.depth, now.snap.albedo, m);
    return draw(canvas, image, now.snap.size);
  }, 'The GAN path');

  // biome-ignore lint/correctness/useExhaustiveDependencies: a slider change or a new snapshot must trigger a render; the render reads them from the store.
  useEffect(() => {
    if (snapshot) mesh.request();
  }, [backend, snapshot, input, manipulation]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above; the GAN path waits until it is available.
  useEffect(() => {
    if (snapshot && ganReason === null) gan.request();
    // An unavailable path shows nothing, not the render of an earlier run.
    if (ganReason !== null) gan.canvas.current?.getContext('2d')?.clearRect(0, 0, 1e4, 1e4);
  }, [snapshot, manipulation, ganReason]);

  if (!snapshot) return null;
  const paths = manipulationPaths(ganReason);
  return (
    <section className="card manipulate" data-testid="manipulate">
      <h2>
        Rotate and relight{' '}
        <span className="segmented">
          <button type="button" onClick={resetManipulation} data-testid="manip-reset">
            reset
          </button>
        </span>
      </h2>
      <div className="manipulate-body">
        <div className="manip-views" data-testid="manip-paths">
          {paths.map((option) => {
            const r = option.path === 'mesh' ? mesh : gan;
            return (
              <figure
                key={option.path}
                className={`manip-view${option.available ? '' : ' unavailable'}`}
                data-testid={`manip-path-${option.path}`}
                data-available={option.available}
                title={option.reason ?? `The ${option.label} path`}
              >
                <canvas
                  ref={r.canvas}
                  className="manip-canvas"
                  data-testid={option.path === 'mesh' ? 'manip-canvas' : 'manip-gan-canvas'}
                  data-renders={r.renders}
                  data-busy={r.busy}
                />
                <figcaption>
                  {option.label}
                  {r.busy && <span className="muted"> · rendering…</span>}
                  {!option.available && (
                    <span className="muted reason" data-testid={`manip-${option.path}-reason`}>
                      {' '}
                      — {option.reason}
                    </span>
                  )}
                </figcaption>
                {r.error && <p className="error">{r.error}</p>}
              </figure>
            );
          })}
        </div>
        <div className="sliders">
          {SLIDERS.map((s) => (
            <label className="slider" key={s.key}>
              <span>
                {s.label} {manipulation[s.key].toFixed(s.step < 1 ? 2 : 0)}
              </span>
              <input
                type="range"
                min={s.min}
                max={s.max}
                step={s.step}
                value={manipulation[s.key]}
                data-testid={`manip-${s.key}`}
                onChange={(e) => setManipulation({ [s.key]: Number(e.target.value) })}
              />
            </label>
          ))}
        </div>
      </div>
      {!snapshot.albedo && <p className="muted">Textured with the input image until the albedo has been fitted.</p>}
    </section>
  );
}
