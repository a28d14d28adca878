/**
 * Rotate and relight the result with sliders: the engine's renderer draws the textured depth mesh in the new
 * view/light (the 3D path). Renders are coalesced: while one is on the GPU, only the latest slider state waits.
 */
import { useEffect, useRef, useState } from 'react';
import type { Backend } from '../../engine/backend';
import { renderManipulated } from '../../gan2shape/manipulate/meshPath';
import { manipulationPaths } from '../../gan2shape/manipulate/paths';
import { chwToRgba } from '../maps/colormap';
import { useSession } from '../sessionStore';

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

export function ManipulatePanel({ backend, input }: { backend: Backend; input: Float32Array | null }) {
  const snapshot = useSession((s) => s.snapshot);
  const manipulation = useSession((s) => s.manipulation);
  const setManipulation = useSession((s) => s.setManipulation);
  const resetManipulation = useSession((s) => s.resetManipulation);
  const canvas = useRef<HTMLCanvasElement>(null);
  const busy = useRef(false);
  const pending = useRef(false);
  const [renders, setRenders] = useState(0);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a slider change must trigger a render; the render reads the newest manipulation from the store so that coalesced renders never draw a stale one.
  useEffect(() => {
    const albedo = snapshot?.albedo ?? input;
    if (!snapshot || !albedo) return;
    const draw = async () => {
      if (busy.current) {
        pending.current = true;
        return;
      }
      busy.current = true;
      try {
        const state = useSession.getState();
        const image = await renderManipulated(backend, snapshot.depth, albedo, snapshot.size, state.manipulation);
        const c = canvas.current;
        if (c) {
          c.width = snapshot.size;
          c.height = snapshot.size;
          c.getContext('2d')?.putImageData(chwToRgba(image, snapshot.size), 0, 0);
          setRenders((n) => n + 1);
        }
        setError(null);
      } catch (err) {
        setError(`Rendering failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        busy.current = false;
        if (pending.current) {
          pending.current = false;
          void draw();
        }
      }
    };
    void draw();
  }, [backend, snapshot, input, manipulation]);

  if (!snapshot) return null;
  return (
    <section className="card manipulate" data-testid="manipulate">
      <h2>
        Rotate and relight{' '}
        <span className="segmented" data-testid="manip-paths">
          {/* The GAN path (E + G rendering of a manipulation) is not wired into the app yet: listed, disabled, with its reason. */}
          {manipulationPaths(false).map((option) => (
            <button
              type="button"
              key={option.path}
              className={option.path === 'mesh' ? 'on' : ''}
              disabled={!option.available}
              title={option.reason ?? `Render with the ${option.label} path`}
              data-testid={`manip-path-${option.path}`}
            >
              {option.label}
            </button>
          ))}
        </span>{' '}
        <span className="segmented">
          <button type="button" onClick={resetManipulation} data-testid="manip-reset">
            reset
          </button>
        </span>
      </h2>
      <div className="manipulate-body">
        <canvas ref={canvas} className="manip-canvas" data-testid="manip-canvas" data-renders={renders} />
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
      {error && <p className="error">{error}</p>}
    </section>
  );
}
