import { describe, expect, it } from 'vitest';
import { centerCrop } from '../../../src/data/image/crop';
import { WebGpuBackend } from '../../../src/engine/webgpu/backend';
import { MethodRunner } from '../../../src/gan2shape/method/methodRunner';
import { PRESETS, resolvePreset, schedule } from '../../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../../src/gan2shape/runner/input';
import { Run } from '../../../src/gan2shape/runner/run';
import type { Snapshot } from '../../../src/gan2shape/runner/types';
import { reconstructForward } from '../../../src/render/reference/reconstruct';
import { getTestDevice } from '../harness';

function testImage(size: number) {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([150 + (i % 50), 110, 90, 255], i * 4);
  return { width: size, height: size, data };
}

describe('method runner: depth net fitted to the ellipsoid prior (webgpu)', () => {
  it('runs the prior phase: the loss falls, the depth moves towards the prior, the albedo fits through the renderer', async () => {
    const { device } = await getTestDevice();
    const backend = new WebGpuBackend(device);
    const preset = resolvePreset({ ...PRESETS.test, priorIterations: 40, priorLearningRate: 3e-3 }, null);
    const source = testImage(48);
    const input = prepareRunInput(
      source,
      centerCrop(48, 48),
      { cx: 0.5, cy: 0.5, rx: 0.35, ry: 0.42 },
      preset.imageSize,
      // GAN2Shape's deep bump (apex 0.91): its shading darkens the flanks enough to tell an albedo fitted through
      // the renderer from one fitted to the image (the flat synface prior shades too little to tell them apart).
      'generic',
    );
    const runner = new MethodRunner(backend, input, { ...preset, netWidth: 8 });
    const losses: number[] = [];
    const priorMse: number[] = [];
    const albedoMse: number[] = [];
    const snapshots: Snapshot[] = [];
    const run = new Run(schedule(preset, { steps: [] }), runner, { snapshotEvery: 20 });
    run.subscribe((e) => {
      if (e.type === 'progress' && e.progress.lossesFresh) {
        losses.push(e.progress.losses.total);
        priorMse.push(e.progress.losses.prior_mse);
        albedoMse.push(e.progress.losses.albedo_mse);
      }
      if (e.type === 'snapshot') snapshots.push(e.snapshot);
    });
    expect(await run.finished).toBe('done');
    expect(snapshots.map((s) => s.iteration)).toEqual([20, 40]);
    expect(losses.at(-1)!).toBeLessThan(losses[0]);
    // The depth reaches the prior: RMS error under 1.5 % of depth (the prior spans 0.91..1.02) in 40 steps.
    expect(priorMse.at(-1)!).toBeLessThan(2.25e-4);
    const depth = snapshots.at(-1)!.depth;
    expect(depth.every((d) => d > 0.9 && d < 1.1)).toBe(true);
    // The centre (prior 0.91) is nearer than the corner (prior 1.02) after a few steps.
    const S = input.size;
    expect(depth[(S / 2) * S + S / 2]).toBeLessThan(depth[0]);
    // The albedo is fitted through the renderer (prior depth, the nets' mean frontal light), not to the image
    // itself: its render must reproduce the input better than the input used as albedo would, which is what an
    // albedo fitted to the image gives (the prior's shading darkens its flanks by a third).
    const asAlbedo = reconstructForward({
      depth: input.prior,
      depthBatch: 1,
      albedo: input.image,
      albedoBatch: 1,
      light: [0.5, 0.5, 0, 0],
      view: [0, 0, 0, 0, 0, 0],
      height: S,
      width: S,
    }).image;
    const imageAsAlbedoMse = asAlbedo.reduce((a, v, i) => a + (v - input.image[i]) ** 2, 0) / asAlbedo.length;
    console.log(
      `[priorFit] albedo fit MSE ${albedoMse.at(-1)!.toFixed(4)}, input as albedo ${imageAsAlbedoMse.toFixed(4)}`,
    );
    expect(albedoMse.at(-1)!).toBeLessThan(0.5 * imageAsAlbedoMse);
    runner.release();
  });
});
