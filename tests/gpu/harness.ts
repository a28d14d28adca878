/**
 * The gpu test layer's device: Dawn in Node, SwiftShader when there is no GPU. Without an adapter the tests FAIL
 * with a message that says what to install; they never skip.
 */
import { createEngineDevice, type EngineDevice } from '../../src/engine/device';
import { createNodeGpu } from '../../src/engine/node/dawn';

let shared: Promise<EngineDevice> | undefined;

export function getTestDevice(): Promise<EngineDevice> {
  shared ??= (async () => {
    const { gpu, icd } = createNodeGpu();
    try {
      const engine = await createEngineDevice(gpu, { label: 'gpu-tests' });
      engine.device.addEventListener('uncapturederror', (event) => {
        // Validation errors would otherwise only be logged; make them fail the test run loudly.
        console.error('WebGPU uncaptured error:', (event as GPUUncapturedErrorEvent).error.message);
        process.exitCode = 1;
      });
      return engine;
    } catch (err) {
      throw new Error(
        `No WebGPU adapter for the gpu tests (${String(err)}). Vulkan ICD: ${icd ?? 'system default'}. ` +
          'Install Debian packages chromium (ships SwiftShader Vulkan) and libvulkan1: run `bash scripts/setup-system.sh`.',
      );
    }
  })();
  return shared;
}
