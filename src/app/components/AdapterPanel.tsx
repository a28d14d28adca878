import { useEffect, useState } from 'react';
import type { EngineDevice } from '../../engine/device';
import type { SmokeResult } from '../../engine/smoke';
import { backendFor } from '../engineBackend';
import { type ResourceReading, readResources } from '../resources';

function formatLimit(value: number): string {
  if (value >= 1024 * 1024) return `${(value / (1024 * 1024)).toFixed(0)} MiB`;
  if (value >= 1024 && value % 1024 === 0) return `${value / 1024} KiB`;
  return String(value);
}

/** The adapter the engine runs on, the limits it was granted and the result of the trivial compute. */
export function AdapterPanel({ engine, smoke }: { engine: EngineDevice; smoke: SmokeResult }) {
  const { adapter } = engine;
  return (
    <section className="card" data-testid="adapter-panel">
      <h2>GPU</h2>
      <dl className="facts">
        <dt>Vendor</dt>
        <dd data-testid="adapter-vendor">{adapter.vendor}</dd>
        <dt>Architecture</dt>
        <dd data-testid="adapter-architecture">{adapter.architecture}</dd>
        {adapter.description && (
          <>
            <dt>Description</dt>
            <dd>{adapter.description}</dd>
          </>
        )}
        <dt>Features</dt>
        <dd>{[...engine.features].sort().join(', ') || 'none'}</dd>
      </dl>
      {adapter.isSoftware && (
        <p className="note" data-testid="software-adapter">
          This is a software (CPU) adapter: everything works, but reconstruction will be very slow.
        </p>
      )}
      <h3>Limits granted to the engine</h3>
      <table className="limits">
        <tbody>
          {Object.entries(engine.limits).map(([name, value]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{formatLimit(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MemoryReadout engine={engine} />
      <h3>Engine self-test</h3>
      <p data-testid="smoke-result" data-ok={smoke.ok} data-max-error={smoke.maxAbsError}>
        {smoke.ok ? 'Passed' : 'FAILED'}: y = 2.5·x − 1 over {smoke.output.length} values on the GPU, max error{' '}
        {smoke.maxAbsError.toExponential(2)} (y[3] = {smoke.output[3].toFixed(4)}, expected{' '}
        {smoke.expected[3].toFixed(4)}).
      </p>
    </section>
  );
}

/** Live GPU and WebGL holdings, read every second: flat between runs, or something leaks. */
function MemoryReadout({ engine }: { engine: EngineDevice }) {
  const [reading, setReading] = useState<ResourceReading>(() => readResources(backendFor(engine)));
  useEffect(() => {
    const timer = setInterval(() => setReading(readResources(backendFor(engine))), 1000);
    return () => clearInterval(timer);
  }, [engine]);
  return (
    <>
      <h3>Memory now</h3>
      <p
        data-testid="resource-readout"
        data-tensors={reading.tensors}
        data-in-use-buffers={reading.inUseBuffers}
        data-pool-bytes={reading.poolBytes}
        data-renderers={reading.renderers}
        data-geometries={reading.geometries}
        data-textures={reading.textures}
      >
        {reading.tensors} tensors in {reading.inUseBuffers} GPU buffers, pool{' '}
        {(reading.poolBytes / (1024 * 1024)).toFixed(1)} MiB; {reading.renderers} 3D view
        {reading.renderers === 1 ? '' : 's'} with {reading.geometries} geometries and {reading.textures} textures.
      </p>
    </>
  );
}
