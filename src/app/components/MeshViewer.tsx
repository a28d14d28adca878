/** The three.js depth mesh, fed by snapshots through zustand's transient subscribe (no React re-render). */
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../gan2shape/runner/types';
import { useSession } from '../sessionStore';
import { DepthMeshView, type TextureMode } from '../viewer/DepthMeshView';

export interface MeshSource {
  input: Float32Array | null;
  snapshot: Snapshot | null;
}

/** The texture a mode asks for, falling back to the input while the albedo does not exist yet. */
export function textureFor(
  mode: TextureMode,
  snapshot: Snapshot | null,
  input: Float32Array | null,
): Float32Array | null {
  if (mode === 'albedo' && snapshot?.albedo) return snapshot.albedo;
  if (mode === 'shaded' && snapshot?.albedo && snapshot.shading) {
    const plane = snapshot.size * snapshot.size;
    const out = new Float32Array(plane * 3);
    for (let ch = 0; ch < 3; ch++)
      for (let i = 0; i < plane; i++)
        out[ch * plane + i] = ((snapshot.albedo[ch * plane + i] + 1) / 2) * snapshot.shading[i] * 2 - 1;
    return out;
  }
  return input;
}

export function MeshViewer({
  input,
  onView,
}: {
  input: Float32Array | null;
  onView?: (view: DepthMeshView | null) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<DepthMeshView | null>(null);
  const [mode, setMode] = useState<TextureMode>('input');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    try {
      view.current = new DepthMeshView(canvas.current);
      onView?.(view.current);
    } catch (err) {
      setError(`The 3D view needs WebGL: ${String(err)}`);
    }
    const onResize = () => view.current?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      onView?.(null);
      view.current?.dispose();
      view.current = null;
    };
  }, [onView]);

  useEffect(() => {
    const apply = (snapshot: Snapshot | null) => {
      const v = view.current;
      if (!v || !snapshot) return;
      v.setDepth(snapshot.depth, snapshot.size);
      const texture = textureFor(mode, snapshot, input);
      if (texture) v.setTexture(texture, snapshot.size);
    };
    apply(useSession.getState().snapshot);
    return useSession.subscribe((state, prev) => {
      if (state.snapshot !== prev.snapshot) apply(state.snapshot);
    });
  }, [mode, input]);

  return (
    <section className="card viewer">
      <h2>
        3D view{' '}
        <span className="segmented">
          {(['input', 'albedo', 'shaded'] as const).map((m) => (
            <button type="button" key={m} className={m === mode ? 'on' : ''} onClick={() => setMode(m)}>
              {m}
            </button>
          ))}
          <button type="button" onClick={() => view.current?.resetView()}>
            reset view
          </button>
        </span>
      </h2>
      {error ? (
        <p className="error">{error}</p>
      ) : (
        <canvas ref={canvas} className="mesh-canvas" data-testid="mesh-canvas" />
      )}
    </section>
  );
}
