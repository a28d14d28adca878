/** Which GAN the method uses and its download progress; a failed load says why and what still works. */
import { useModel } from '../modelStore';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function ModelPanel() {
  const status = useModel((s) => s.status);
  if (status.kind === 'idle') return null;
  return (
    <p className="model-status muted" data-testid="model-status" data-state={status.kind} data-model={status.name}>
      Model <strong>{status.name}</strong>:{' '}
      {status.kind === 'loading' && (
        <>
          loading
          {status.progress?.total
            ? ` ${megabytes(status.progress.loaded)} of ${megabytes(status.progress.total)}`
            : status.progress
              ? ` ${megabytes(status.progress.loaded)}`
              : '…'}{' '}
          {status.progress?.total ? (
            <progress max={status.progress.total} value={status.progress.loaded} data-testid="model-progress" />
          ) : null}
        </>
      )}
      {status.kind === 'ready' &&
        `ready (${status.bundle.config.size} px, ${status.bundle.manifest.tensors.length} tensors)`}
      {status.kind === 'failed' && (
        <span className="error" role="alert">
          could not be loaded: {status.message}. Runs stop after the prior fit until a model loads.
        </span>
      )}
    </p>
  );
}
