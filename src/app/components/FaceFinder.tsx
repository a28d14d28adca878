/**
 * What the face search did with the image (faceStore.ts): loading the detector (with its stage), looking, the
 * faces found as small buttons (the largest placed first; another click places another, "Manual crop" goes back
 * to the centred square and the ellipse), or that no face was found / the detector could not run. Every face's
 * landmarks the crop and mask were made from are on its button (data-eyes, data-oval, source pixels), so tests
 * can check the geometry against them.
 */
import { eyeCentres, ovalPoints } from '../../data/face/faceMesh';
import { useFaces } from '../faceStore';
import { useSession } from '../sessionStore';
import './faceFinder.css';

const STAGE_TEXT = { library: 'the detector', models: 'its models (2 MB)' } as const;

const round = (v: number) => Math.round(v * 1000) / 1000;

export function FaceFinder() {
  const { status, stage, faces, chosen, message, backend, choose, manual } = useFaces();
  const runIdle = useSession((s) => s.runState === 'idle');
  if (status === 'idle') return null;
  return (
    <div
      className="face-finder"
      data-testid="face-search"
      data-state={status}
      data-faces={faces.length}
      data-chosen={chosen}
      data-backend={backend ?? undefined}
      aria-live="polite"
    >
      {status === 'loading' && (
        <>
          <progress aria-label="Loading the face detector" />
          <span>Loading the face detector{stage ? `: ${STAGE_TEXT[stage]}` : ''}…</span>
        </>
      )}
      {status === 'detecting' && (
        <>
          <progress aria-label="Looking for faces" />
          <span>Looking for faces…</span>
        </>
      )}
      {status === 'found' && (
        <>
          <span>{faces.length === 1 ? 'Found a face' : `Found ${faces.length} faces (the largest placed first)`}:</span>
          {faces.map((face, i) => (
            <button
              type="button"
              // biome-ignore lint/suspicious/noArrayIndexKey: faces are fixed for the image they were found in
              key={i}
              data-testid="face-choice"
              data-index={i}
              data-score={round(face.score)}
              data-eyes={JSON.stringify(eyeCentres(face.mesh).map((p) => p.map(round)))}
              data-oval={JSON.stringify(ovalPoints(face.mesh).map((p) => p.map(round)))}
              aria-pressed={i === chosen}
              disabled={!runIdle}
              title={`Crop and mask face ${i + 1} (confidence ${face.score.toFixed(2)})`}
              onClick={() => choose(i)}
            >
              Face {i + 1}
            </button>
          ))}
          <button
            type="button"
            data-testid="face-manual"
            aria-pressed={chosen === -1}
            disabled={!runIdle}
            onClick={manual}
          >
            Manual crop
          </button>
        </>
      )}
      {status === 'none' && (
        <span data-testid="no-face">
          No face found in this image: the crop is the centred square and the mask the ellipse; place them by hand.
        </span>
      )}
      {status === 'failed' && (
        <span className="error" role="alert" data-testid="face-error">
          Face detection could not run ({message}); the crop and the ellipse are placed by hand.
        </span>
      )}
    </div>
  );
}
