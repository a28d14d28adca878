/** The live panels: input, reconstruction, albedo, depth (colour map), normals and shading of the latest snapshot. */
import { useEffect, useRef } from 'react';
import { chwToRgba, depthToRgba, normalsToRgba, shadingToRgba } from '../maps/colormap';
import { useSession } from '../sessionStore';

function MapCanvas({ title, image, testId }: { title: string; image: ImageData | null; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !image) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(image, 0, 0);
  }, [image]);
  return (
    <figure className="map">
      {image ? <canvas ref={canvas} data-testid={testId} /> : <div className="map-empty">—</div>}
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export function MapPanels({ input }: { input: { image: Float32Array; size: number } | null }) {
  const snapshot = useSession((s) => s.snapshot);
  const snapshotCount = useSession((s) => s.snapshotCount);
  const size = snapshot?.size ?? input?.size ?? 0;
  return (
    <section className="card">
      <h2>Live maps</h2>
      <div
        className="maps"
        data-testid="map-panels"
        data-snapshots={snapshotCount}
        data-step={snapshot?.step ?? ''}
        data-iteration={snapshot?.iteration ?? 0}
      >
        <MapCanvas title="Input" testId="map-input" image={input ? chwToRgba(input.image, input.size) : null} />
        <MapCanvas
          title="Reconstruction"
          testId="map-recon"
          image={snapshot?.reconstruction ? chwToRgba(snapshot.reconstruction, size) : null}
        />
        <MapCanvas
          title="Albedo"
          testId="map-albedo"
          image={snapshot?.albedo ? chwToRgba(snapshot.albedo, size) : null}
        />
        <MapCanvas title="Depth" testId="map-depth" image={snapshot ? depthToRgba(snapshot.depth, size) : null} />
        <MapCanvas
          title="Normals"
          testId="map-normals"
          image={snapshot?.normals ? normalsToRgba(snapshot.normals, size) : null}
        />
        <MapCanvas
          title="Shading"
          testId="map-shading"
          image={snapshot?.shading ? shadingToRgba(snapshot.shading, size) : null}
        />
      </div>
    </section>
  );
}
