/**
 * Step 2 and the collect phase, live: the pseudo samples I' (the canonical face relit and warped into other
 * views) on the first row, their projections onto the GAN's image manifold G(w + E(I')) under them, and the
 * pseudo masks (where a sample has pixels) on the third row. Updated at every snapshot that carries them; after
 * the phase the latest set stays. `data-drawn` is set once the canvases hold the new pixels.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import { PREVIEW_YAWS } from '../../gan2shape/method/steps/projectionStep';
import type { PseudoSampleSnapshot } from '../../gan2shape/runner/types';
import { chwToRgba } from '../maps/colormap';
import { phaseLabel } from '../phaseLabel';
import { useSession } from '../sessionStore';
import { ImageCanvas } from './MapCanvas';

/** Columns shown at most (the paper's collect batches hold 16 samples). */
export const MAX_PSEUDO_COLUMNS = 8;

/** A [0, 1] mask as grey levels. */
function maskToRgba(mask: ArrayLike<number>, size: number, offset: number): ImageData {
  const out = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = Math.round(Math.min(Math.max(mask[offset + i], 0), 1) * 255);
    out.data.set([v, v, v, 255], i * 4);
  }
  return out;
}

/** The tiles of each row, one per sample (up to `columns`). */
export function pseudoTiles(samples: PseudoSampleSnapshot, size: number, columns = MAX_PSEUDO_COLUMNS) {
  const plane = size * size;
  const n = Math.min(samples.count, columns);
  const tiles = [];
  for (let i = 0; i < n; i++) {
    tiles.push({
      image: chwToRgba(samples.images.subarray(i * 3 * plane, (i + 1) * 3 * plane), size),
      projection: chwToRgba(samples.projections.subarray(i * 3 * plane, (i + 1) * 3 * plane), size),
      mask: maskToRgba(samples.masks, size, i * plane),
    });
  }
  return tiles;
}

const ROWS = [
  { key: 'image', label: "Pseudo sample I'" },
  { key: 'projection', label: 'Projection G(w + Δw)' },
  { key: 'mask', label: 'Mask' },
] as const;

export function PseudoPanel() {
  const pseudo = useSession((s) => s.pseudo);
  const grid = useRef<HTMLDivElement>(null);
  const tiles = useMemo(() => (pseudo ? pseudoTiles(pseudo.samples, pseudo.size) : []), [pseudo]);
  // Children's layout effects (the canvases) run before this one: the attribute says the pixels are in.
  useLayoutEffect(() => {
    if (grid.current && pseudo) grid.current.dataset.drawn = String(pseudo.updates);
  }, [pseudo]);
  if (!pseudo) return null;
  const { samples } = pseudo;
  return (
    <section className="card pseudo-panel" data-testid="pseudo-panel">
      <h2>
        Pseudo samples and their projections{' '}
        <span className="muted">
          {phaseLabel(pseudo.stage, pseudo.step)}, iteration {pseudo.iteration}
        </span>
      </h2>
      <div
        ref={grid}
        className="pseudo-grid"
        style={{ gridTemplateColumns: `max-content repeat(${tiles.length}, minmax(0, 72px))` }}
        data-testid="pseudo-grid"
        data-stage={pseudo.stage}
        data-step={pseudo.step}
        data-iteration={pseudo.iteration}
        data-updates={pseudo.updates}
        data-count={samples.count}
      >
        {ROWS.map((row) => [
          <span key={`${row.key}-label`} className="pseudo-row-label muted">
            {row.label}
          </span>,
          ...tiles.map((tile, i) => (
            <ImageCanvas
              // biome-ignore lint/suspicious/noArrayIndexKey: a tile is its sample's position in the batch.
              key={`${row.key}-${i}`}
              image={tile[row.key]}
              testId={`pseudo-${row.key}-${i}`}
              title={`${row.label}, sample ${i + 1}`}
            />
          )),
        ])}
      </div>
      <p className="muted">
        {pseudo.step === 'step2'
          ? `Step 2 trains the encoder E so that G(w + E(I′)) reproduces each pseudo sample; shown: fixed views (yaw ${PREVIEW_YAWS.join('°, ')}°) in the input’s light.`
          : 'The collect phase keeps projected samples like these as step 3’s targets.'}
        {samples.count > tiles.length && ` Showing ${tiles.length} of ${samples.count}.`}
      </p>
    </section>
  );
}
