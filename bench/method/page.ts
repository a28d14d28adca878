/**
 * Browser side of `bench:method --browser`: the same measurement as the Node run (method.ts) in a Chromium page,
 * on the page's WebGPU device, with the model and the sample face fetched from the bench's Vite server. The
 * runner (run.ts) calls window.runMethodBench(config) and prints the report.
 */
import { decodeImageFile } from '../../src/data/image/decode';
import { createEngineDevice } from '../../src/engine/device';
import { WebGpuBackend } from '../../src/engine/webgpu/backend';
import { loadBundle } from '../../src/gan/bundle';
import { loadPretrainedEncoder } from '../../src/gan2shape/gan/pretrainedEncoder';
import { methodModel } from '../../src/gan2shape/start';
import { sampleRunner } from '../soak/setup';
import { measureMethod } from './method';
import { FULL, type MethodBenchConfig, type MethodBenchReport, phaseLine, QUICK, setting, settingLine } from './report';

declare global {
  interface Window {
    runMethodBench: (config: MethodBenchConfig) => Promise<MethodBenchReport>;
  }
}

const status = (text: string) => {
  (document.getElementById('status') as HTMLElement).textContent = text;
  console.log(`[bench:method] ${text}`);
};

window.runMethodBench = async (config: MethodBenchConfig): Promise<MethodBenchReport> => {
  status('device');
  const engine = await createEngineDevice(navigator.gpu);
  const backend = new WebGpuBackend(engine.device, { convKernel: engine.adapter.isSoftware ? 'register' : 'tiled' });
  status('model');
  const bundle = await loadBundle(config.modelUrl);
  const model = methodModel(backend, bundle, await loadPretrainedEncoder(config.modelUrl, (u, i) => fetch(u, i)));
  const { image } = await decodeImageFile(await (await fetch(config.sampleUrl)).blob(), config.sampleUrl);
  const { preset, runner } = sampleRunner(backend, model, config.preset, image);
  const timestampQueries = engine.features.has('timestamp-query');
  const profile = config.profile ?? (timestampQueries ? (config.quick ? QUICK : FULL).profile : 0);
  if (profile > 0 && !timestampQueries)
    throw new Error("--profile needs timestamp queries; this adapter has no 'timestamp-query' feature");
  const { vendor, architecture, description, isSoftware } = engine.adapter;
  const adapter = `${[vendor, architecture, description].filter((p) => p && p !== 'unknown').join(' ')}${isSoftware ? ' (software)' : ''}`;
  const s = setting(
    {
      adapter,
      software: isSoftware,
      mode: 'browser',
      preset: config.preset,
      model: model.name,
      pretrainedEncoder: model.gan.encoder !== null,
      quick: config.quick,
      warmup: config.warmup,
      measured: config.measured,
      timestampQueries,
      profile,
    },
    preset,
  );
  status(settingLine(s));
  try {
    const result = await measureMethod(backend, runner, preset, {
      warmup: config.warmup,
      measured: config.measured,
      profile,
      onPhase: (f) => status(phaseLine(f)),
    });
    status('done');
    return { setting: s, result };
  } finally {
    runner.release();
    model.release();
  }
};

status('ready');
