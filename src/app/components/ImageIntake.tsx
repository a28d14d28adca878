/** Drop zone, file picker and paste: every way an image can arrive. Errors show in the page, never a crash. */
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useSession } from '../sessionStore';

export function ImageIntake() {
  const loadFile = useSession((s) => s.loadFile);
  const loading = useSession((s) => s.loading);
  const error = useSession((s) => s.error);
  const clearError = useSession((s) => s.clearError);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = [...(event.clipboardData?.files ?? [])][0];
      if (file) void loadFile(file, file.name || 'pasted image');
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [loadFile]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void loadFile(file, file.name);
  };

  return (
    <section className="card intake">
      {/* A drop target region; the keyboard path is the "choose a file" button inside it. */}
      <section
        aria-label="Image drop zone"
        className={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          <strong>Drop a face image here</strong>, paste one, or{' '}
          <button type="button" className="link" onClick={() => input.current?.click()}>
            choose a file
          </button>
          . It stays on this computer.
        </p>
        <input
          ref={input}
          type="file"
          accept="image/*"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void loadFile(file, file.name);
            e.target.value = '';
          }}
        />
        {loading && <p className="muted">Opening…</p>}
      </section>
      {error && (
        <div className="error" role="alert" data-testid="input-error">
          <span>{error}</span>
          <button type="button" className="link" onClick={clearError} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </section>
  );
}
