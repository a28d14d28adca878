/** Shown instead of a blank page when the browser cannot give us a WebGPU device. */
export function NoWebGPU({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <section className="card warning" data-testid="no-webgpu">
      <h2>WebGPU is not available here</h2>
      <p>{message}</p>
      <p>This app runs entirely on your GPU through WebGPU, and nothing is uploaded. It works in:</p>
      <ul>
        <li>
          Chrome or Edge 113+ on Windows, macOS and ChromeOS; on Linux enable{' '}
          <code>chrome://flags/#enable-unsafe-webgpu</code> and <code>#enable-vulkan</code>.
        </li>
        <li>Safari 26+ on macOS, iOS and iPadOS.</li>
        <li>
          Firefox 141+ on Windows (other platforms: Nightly with <code>dom.webgpu.enabled</code>).
        </li>
      </ul>
      <p>
        The page must be served over HTTPS or from localhost / 127.0.0.1. A blocked or outdated GPU driver can also hide
        the adapter.
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
