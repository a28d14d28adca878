import { useEffect } from 'react';
import { useArchive } from './archiveStore';
import { AdapterPanel } from './components/AdapterPanel';
import { NoWebGPU } from './components/NoWebGPU';
import { Workspace } from './components/Workspace';
import { useGpuStore } from './gpuStore';
import { resumeLabel } from './runLauncher';

export function App() {
  const status = useGpuStore((s) => s.status);
  const start = useGpuStore((s) => s.start);
  const restart = useGpuStore((s) => s.restart);
  // The stored run the page was on: its checkpoint survives the device (IndexedDB), to be resumed on the new one.
  const checkpoint = useArchive((s) => s.runs.find((r) => r.id === s.current)?.resumable ?? null);
  useEffect(() => {
    void start();
  }, [start]);

  return (
    <main className="app">
      <header>
        <h1>GAN2Shape</h1>
        <p className="tagline">3D shape from a single image with a 2D StyleGAN2 — on your GPU, nothing uploaded.</p>
      </header>
      {(status.kind === 'idle' || status.kind === 'starting') && (
        <p data-testid="gpu-starting">Looking for a WebGPU adapter…</p>
      )}
      {status.kind === 'unavailable' && <NoWebGPU message={status.message} onRetry={() => void start()} />}
      {status.kind === 'lost' && (
        <section className="card warning" data-testid="device-lost">
          <h2>The GPU device was lost</h2>
          <p>{status.message}</p>
          <p>Everything computed so far is kept in the page. Restart the GPU to continue.</p>
          {checkpoint && (
            <p data-testid="device-lost-checkpoint">
              The run's last checkpoint is stored in this browser: once the GPU is back, "{resumeLabel(checkpoint)}"
              goes on from there.
            </p>
          )}
          <button type="button" data-testid="restart-gpu" onClick={() => void restart()}>
            Restart the GPU
          </button>
        </section>
      )}
      {status.kind === 'ready' && (
        <>
          <Workspace engine={status.engine} />
          <details className="card">
            <summary>
              GPU: {status.engine.adapter.vendor} {status.engine.adapter.architecture}
            </summary>
            <AdapterPanel engine={status.engine} smoke={status.smoke} />
          </details>
        </>
      )}
    </main>
  );
}
