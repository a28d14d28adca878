/**
 * The model menu: the bundled model and every bundle opened from disk (kept in this browser), which one runs use,
 * opening another (folder or .zip, picked or dropped on this card), why a bundle was refused, and the model card.
 */
import { type DragEvent, useRef, useState } from 'react';
import { droppedEntries, droppedSource, NOT_A_BUNDLE, pickedSource } from '../bundleFiles';
import { useModelMenu } from '../modelMenuStore';
import { BUNDLED_MODEL, useModel } from '../modelStore';
import { useSession } from '../sessionStore';
import { ModelCard } from './ModelCard';
import { ModelPanel } from './ModelPanel';

/** A refused bundle may list dozens of problems: the first few say enough. */
export function shortProblem(message: string, lines = 8): string {
  const all = message.split('\n');
  return all.length <= lines ? message : `${all.slice(0, lines).join('\n')}\n  … and ${all.length - lines} more`;
}

export function ModelMenu() {
  const status = useModel((s) => s.status);
  const models = useModelMenu((s) => s.models);
  const library = useModelMenu((s) => s.status);
  const opening = useModelMenu((s) => s.opening);
  const problem = useModelMenu((s) => s.problem);
  const { openBundle, choose, forget, refuse } = useModelMenu.getState();
  // A run holds its model: the choice changes between runs only.
  const busy = useSession((s) => s.runState === 'running' || s.runState === 'paused') || opening !== null;
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const activeId = status.kind === 'idle' ? BUNDLED_MODEL.name : status.id;

  const onPicked = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    try {
      const { source, origin } = await pickedSource(Array.from(files));
      await openBundle(source, origin);
    } catch (err) {
      refuse(err instanceof Error ? err.message : String(err));
    }
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    // Taken before any await: the browser empties the drop's data afterwards.
    const drop = droppedEntries(event.dataTransfer);
    try {
      const picked = await droppedSource(drop);
      if (!picked) refuse(NOT_A_BUNDLE);
      else await openBundle(picked.source, picked.origin);
    } catch (err) {
      refuse(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section
      aria-label="Model menu"
      className={`card model-menu${dragging ? ' dragging' : ''}`}
      data-testid="model-menu"
      data-state={library.kind}
      data-count={models.length}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <div className="model-row">
        <label>
          Model{' '}
          <select
            value={activeId}
            disabled={busy}
            data-testid="model-select"
            onChange={(e) => void choose(e.target.value)}
          >
            <option value={BUNDLED_MODEL.name}>{BUNDLED_MODEL.name} (bundled)</option>
            {models.map((m) => (
              <option key={m.id} value={m.id} data-testid="model-option">
                {m.name} ({m.category}, {m.size} px, from {m.origin === 'zip' ? 'a zip' : 'a folder'})
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link" disabled={busy} onClick={() => folderInput.current?.click()}>
          Open a bundle folder…
        </button>
        <button type="button" className="link" disabled={busy} onClick={() => zipInput.current?.click()}>
          Open a .zip…
        </button>
        {status.kind !== 'idle' && status.id !== BUNDLED_MODEL.name && (
          <button
            type="button"
            className="link"
            data-testid="model-forget"
            disabled={busy}
            onClick={() => void forget(status.id)}
          >
            Forget this model
          </button>
        )}
        <input
          ref={(el) => {
            folderInput.current = el;
            // Not in React's typings: the attribute that makes the picker choose a folder.
            if (el) el.webkitdirectory = true;
          }}
          type="file"
          hidden
          data-testid="model-folder-input"
          onChange={(e) => {
            void onPicked(e.target.files);
            e.target.value = '';
          }}
        />
        <input
          ref={zipInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="model-zip-input"
          onChange={(e) => {
            void onPicked(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      <ModelPanel />
      <p className="muted model-hint">
        Any bundle exported by <code>tools/stylegan2/export.py</code>: drop its folder or a .zip of it on this card.
      </p>
      {opening && (
        <p className="muted" data-testid="model-opening">
          Opening {opening}…
        </p>
      )}
      {problem && (
        <p className="error model-problem" role="alert" data-testid="model-problem">
          {shortProblem(problem)}
        </p>
      )}
      {library.kind === 'unavailable' && (
        <p className="muted" data-testid="model-library-problem">
          Bundles opened from disk are not kept after this visit: {library.message}
        </p>
      )}
      {status.kind === 'ready' && <ModelCard model={status} />}
    </section>
  );
}
