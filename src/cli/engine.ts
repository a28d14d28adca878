/**
 * What the CLIs need from the machine: the engine's device on Dawn (SwiftShader when there is no GPU), a
 * backend configured as the app configures it, and a model bundle from a folder, each with a one-line error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AdapterSummary, createEngineDevice, type EngineDevice } from '../engine/device';
import { createNodeGpu } from '../engine/node/dawn';
import { WebGpuBackend } from '../engine/webgpu/backend';
import { BundleError, loadBundle, type ModelBundle } from '../gan/bundle';
import { nodeFileFetch } from '../gan/bundle/nodeFileFetch';
import { loadPretrainedEncoder, type PretrainedEncoder } from '../gan2shape/gan/pretrainedEncoder';
import { CliError } from './args';

export const DEFAULT_MODEL_DIR = 'public/models/synface-64';

export async function openEngine(): Promise<EngineDevice> {
  const { gpu, icd } = createNodeGpu();
  try {
    return await createEngineDevice(gpu, { label: 'gan2shape-cli' });
  } catch (err) {
    throw new CliError(
      `no usable WebGPU adapter (${err instanceof Error ? err.message : String(err)}; Vulkan ICD ${icd ?? 'system default'}): ` +
        'install Debian packages chromium (SwiftShader) and libvulkan1 with `bash scripts/setup-system.sh`',
    );
  }
}

/** The app's choice: the register-tiled conv on software adapters, the workgroup-tiled one on GPUs. */
export function engineBackend(engine: EngineDevice): WebGpuBackend {
  return new WebGpuBackend(engine.device, { convKernel: engine.adapter.isSoftware ? 'register' : 'tiled' });
}

export function describeAdapter(adapter: AdapterSummary): string {
  const parts = [adapter.vendor, adapter.architecture, adapter.description].filter((p) => p && p !== 'unknown');
  return `${parts.join(' ')}${adapter.isSoftware ? ' (software)' : ''}`;
}

/** Loads a model bundle folder (docs/MODEL_BUNDLE.md); every problem is one line naming the folder. */
export async function loadModelDir(dir: string): Promise<ModelBundle> {
  if (!existsSync(dir))
    throw new CliError(
      `model folder ${dir} does not exist (--model takes a bundle folder such as ${DEFAULT_MODEL_DIR})`,
    );
  if (!existsSync(join(dir, 'manifest.json')))
    throw new CliError(`${dir} is not a model bundle: it has no manifest.json (see docs/MODEL_BUNDLE.md)`);
  try {
    return await loadBundle('', { fetch: nodeFileFetch(dir) });
  } catch (err) {
    if (err instanceof BundleError)
      throw new CliError(`model ${dir}: ${[err.message.split('\n')[0], ...err.problems].join('; ')}`);
    throw new CliError(`model ${dir} could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The model folder's pretrained latent-offset encoder (encoder.json + encoder.bin), null when it has none. */
export async function loadModelEncoder(dir: string): Promise<PretrainedEncoder | null> {
  try {
    return await loadPretrainedEncoder('', nodeFileFetch(dir));
  } catch (err) {
    throw new CliError(
      `model ${dir}: its encoder.json could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
