/**
 * The method on the bundled sample face, as bench:soak and bench:method drive it: the input prepared as the app
 * prepares a dropped image (centred square crop, the default face ellipse as mask) at the preset's size, and one
 * MethodRunner on it. Free of Node APIs (a browser page can use it too); bench/soak/node.ts loads from disk.
 */

import { centerCrop } from '../../src/data/image/crop';
import type { RgbaImage } from '../../src/data/image/rgba';
import { DEFAULT_FACE_ELLIPSE } from '../../src/data/mask/ellipse';
import type { Backend } from '../../src/engine/backend';
import { MethodRunner } from '../../src/gan2shape/method/methodRunner';
import { PRESETS, type PresetName, type ResolvedPreset, resolvePreset } from '../../src/gan2shape/presets/presets';
import { prepareRunInput } from '../../src/gan2shape/runner/input';
import type { MethodModel } from '../../src/gan2shape/start';

/** The bundled synthetic test face the benches run on (path from the repository root, URL from the dev server). */
export const BENCH_SAMPLE = 'public/samples/synface/synface_1000000_image.png';

export function sampleRunner(
  backend: Backend,
  model: MethodModel,
  presetName: PresetName,
  image: RgbaImage,
  seed = 0,
): { preset: ResolvedPreset; runner: MethodRunner } {
  const preset = resolvePreset(PRESETS[presetName], model.size);
  const input = prepareRunInput(image, centerCrop(image.width, image.height), DEFAULT_FACE_ELLIPSE, preset.imageSize);
  return { preset, runner: new MethodRunner(backend, input, preset, { seed, gan: model.gan }) };
}
