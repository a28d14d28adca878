/**
 * bench:soak's and bench:method's setup in Node: the engine on Dawn (SwiftShader without a GPU), the backend as
 * the CLIs configure it, a model bundle folder with its pretrained encoder, and a MethodRunner on the bundled
 * sample face (setup.ts) at a preset's sizes.
 */
import { describeAdapter, engineBackend, loadModelDir, loadModelEncoder, openEngine } from '../../src/cli/engine';
import { readImageFile } from '../../src/cli/imageFile';
import type { EngineDevice } from '../../src/engine/device';
import type { WebGpuBackend } from '../../src/engine/webgpu/backend';
import type { MethodRunner } from '../../src/gan2shape/method/methodRunner';
import type { PresetName, ResolvedPreset } from '../../src/gan2shape/presets/presets';
import { type MethodModel, methodModel } from '../../src/gan2shape/start';
import { BENCH_SAMPLE, sampleRunner } from './setup';

export interface MethodBench {
  engine: EngineDevice;
  /** describeAdapter's line, e.g. 'google swiftshader (software)'. */
  adapter: string;
  backend: WebGpuBackend;
  model: MethodModel;
  preset: ResolvedPreset;
  runner: MethodRunner;
  /** Frees the runner's nets and the model's tensors. */
  release(): void;
}

export async function openMethodBench(presetName: PresetName, modelDir: string): Promise<MethodBench> {
  const engine = await openEngine();
  const backend = engineBackend(engine);
  const bundle = await loadModelDir(modelDir);
  const model = methodModel(backend, bundle, await loadModelEncoder(modelDir));
  const { preset, runner } = sampleRunner(backend, model, presetName, readImageFile(BENCH_SAMPLE).image);
  return {
    engine,
    adapter: describeAdapter(engine.adapter),
    backend,
    model,
    preset,
    runner,
    release() {
      runner.release();
      model.release();
    },
  };
}
