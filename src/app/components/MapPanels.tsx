/**
 * The live panels: the input beside its GAN inversion I_gan (with its PSNR), then the latest snapshot's
 * reconstruction, albedo, canonical depth (colour map), depth in the input's view, normals and shading, and the
 * input's predicted view and light. I_gan stays from the latest snapshot that carried it (the prior fit's do not).
 */
import { useMemo } from 'react';
import type { Snapshot } from '../../gan2shape/runner/types';
import { chwToRgba, depthToRgba, normalsToRgba, shadingToRgba } from '../maps/colormap';
import { type GanView, useSession } from '../sessionStore';
import { MapCanvas } from './MapCanvas';

const DEG = 180 / Math.PI;

function formatPsnr(db: number): string {
  return Number.isFinite(db) ? `${db.toFixed(1)} dB` : '∞ dB';
}

function GanCaption({ gan, current }: { gan: GanView | null; current: Snapshot | null }) {
  if (!gan) return <>I_gan (GAN inversion)</>;
  const inverting = gan.step === 'inversion' && current?.step === 'inversion';
  return (
    <>
      I_gan · PSNR{' '}
      <span data-testid="gan-psnr" data-psnr={gan.psnr}>
        {formatPsnr(gan.psnr)}
      </span>
      {inverting && ` (inverting, iteration ${gan.iteration})`}
    </>
  );
}

/** The input's view (rotation in degrees, translation) and light (ambient, diffuse, direction). */
function ViewLight({ view, light }: { view?: number[]; light?: number[] }) {
  if (!view && !light) return null;
  // Values that round to zero print as 0, never -0.
  const f = (v: number, digits = 2) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  return (
    <p className="muted view-light" data-testid="view-light">
      {view &&
        `View: pitch ${f(view[0] * DEG, 1)}°, yaw ${f(view[1] * DEG, 1)}°, roll ${f(view[2] * DEG, 1)}°, ` +
          `shift (${f(view[3])}, ${f(view[4])}, ${f(view[5])}). `}
      {light && `Light: ambient ${f(light[0])}, diffuse ${f(light[1])}, direction (${f(light[2])}, ${f(light[3])}).`}
    </p>
  );
}

export function MapPanels({ input }: { input: { image: Float32Array; size: number } | null }) {
  const snapshot = useSession((s) => s.snapshot);
  const snapshotCount = useSession((s) => s.snapshotCount);
  const gan = useSession((s) => s.gan);
  const inputImage = input?.image;
  const inputSize = input?.size ?? 0;
  const inputMap = useMemo(() => (inputImage ? chwToRgba(inputImage, inputSize) : null), [inputImage, inputSize]);
  const ganMap = useMemo(() => (gan ? chwToRgba(gan.image, gan.size) : null), [gan]);
  const maps = useMemo(() => {
    if (!snapshot) return null;
    const S = snapshot.size;
    return {
      recon: snapshot.reconstruction ? chwToRgba(snapshot.reconstruction, S) : null,
      albedo: snapshot.albedo ? chwToRgba(snapshot.albedo, S) : null,
      depth: depthToRgba(snapshot.depth, S),
      reconDepth: snapshot.reconDepth ? depthToRgba(snapshot.reconDepth, S) : null,
      normals: snapshot.normals ? normalsToRgba(snapshot.normals, S) : null,
      shading: snapshot.shading ? shadingToRgba(snapshot.shading, S) : null,
    };
  }, [snapshot]);
  return (
    <section className="card">
      <h2>Live maps</h2>
      <div
        className="maps"
        data-testid="map-panels"
        data-snapshots={snapshotCount}
        data-stage={snapshot?.stage ?? 0}
        data-step={snapshot?.step ?? ''}
        data-iteration={snapshot?.iteration ?? 0}
      >
        <MapCanvas title="Input" testId="map-input" image={inputMap} />
        <MapCanvas title={<GanCaption gan={gan} current={snapshot} />} testId="map-gan" image={ganMap} />
        <MapCanvas title="Reconstruction" testId="map-recon" image={maps?.recon ?? null} />
        <MapCanvas title="Albedo" testId="map-albedo" image={maps?.albedo ?? null} />
        <MapCanvas title="Depth (canonical)" testId="map-depth" image={maps?.depth ?? null} />
        <MapCanvas title="Depth (input view)" testId="map-recon-depth" image={maps?.reconDepth ?? null} />
        <MapCanvas title="Normals" testId="map-normals" image={maps?.normals ?? null} />
        <MapCanvas title="Shading" testId="map-shading" image={maps?.shading ?? null} />
      </div>
      <ViewLight view={snapshot?.view} light={snapshot?.light} />
    </section>
  );
}
