/**
 * The generator's conv weights in the layouts the engine's conv ops take, derived once from the bundle's stored
 * values times their gain (docs/MODEL_BUNDLE.md): the modulated weight [1,O,I,k,k] squeezed to conv2d's [O,I,k,k]
 * (or transposed to conv_transpose2d's [I,O,k,k] for the upsampling convs, as rosinality's
 * `weight.transpose(0, 1)`), the demodulation's weight energy E[o,i] = sum_k W~[o,i,k]^2, and the ToRGB bias
 * [1,3,1,1] as conv2d's [3]. Computed in float64 on the CPU (no transpose or rank-5 reduction on the GPU needed);
 * the tensors are frozen and owned by this object.
 */
import type { Backend } from '../../../engine/backend';
import type { Tensor } from '../../../engine/tensor';
import { BundleError } from '../../bundle/errors';
import type { ModelBundle } from '../../bundle/modelBundle';

/**
 * The bundle tensors EngineSynthesis and EngineMapping read through GanWeights: every generator tensor except the
 * modulated conv weights, which this file lays out itself. `GanWeights.load(backend, bundle, { include:
 * generatorWeightFilter })` keeps those (the bulk of the generator) from being uploaded twice.
 */
export function generatorWeightFilter(name: string): boolean {
  return name.startsWith('g_ema.') && !name.endsWith('.conv.weight');
}

export interface ModConvWeights {
  /** [O,I,k,k] for conv2d, or [I,O,k,k] for conv_transpose2d when `transposed`. */
  weight: Tensor;
  /** [O,I]; null for ToRGB (no demodulation). */
  energy: Tensor | null;
  transposed: boolean;
  kernelSize: number;
}

function frozen(backend: Backend, data: Float64Array, shape: number[], name: string): Tensor {
  const t = backend.fromArray(data, shape).keep();
  t.requiresGrad = false;
  t.name = name;
  return t;
}

/** Stored values times gain, with the [1,O,I,k,k] shape checked. */
function scaledModulatedWeight(bundle: ModelBundle, name: string) {
  const entry = bundle.entry(name);
  const [one, out, inC, k, k2] = entry.shape;
  if (entry.shape.length !== 5 || one !== 1 || k !== k2)
    throw new BundleError(`${name}: expected a modulated weight [1, out, in, k, k], got [${entry.shape.join(', ')}].`);
  const stored = bundle.tensor(name);
  const values = new Float64Array(stored.length);
  for (let i = 0; i < stored.length; i++) values[i] = stored[i] * entry.gain;
  return { values, out, inC, k };
}

export function loadModConvWeights(
  backend: Backend,
  bundle: ModelBundle,
  prefix: string,
  opts: { demodulate: boolean; transposed: boolean },
): ModConvWeights {
  const name = `${prefix}.conv.weight`;
  const { values, out, inC, k } = scaledModulatedWeight(bundle, name);
  const taps = k * k;
  let weight: Tensor;
  if (opts.transposed) {
    const t = new Float64Array(values.length);
    for (let o = 0; o < out; o++)
      for (let i = 0; i < inC; i++)
        for (let j = 0; j < taps; j++) t[(i * out + o) * taps + j] = values[(o * inC + i) * taps + j];
    weight = frozen(backend, t, [inC, out, k, k], `${name} (transposed)`);
  } else {
    weight = frozen(backend, values, [out, inC, k, k], name);
  }
  let energy: Tensor | null = null;
  if (opts.demodulate) {
    const e = new Float64Array(out * inC);
    for (let oi = 0; oi < out * inC; oi++) {
      let s = 0;
      for (let j = 0; j < taps; j++) s += values[oi * taps + j] ** 2;
      e[oi] = s;
    }
    energy = frozen(backend, e, [out, inC], `${name} (energy)`);
  }
  return { weight, energy, transposed: opts.transposed, kernelSize: k };
}

/** The ToRGB bias [1,3,1,1] (gain 1) as conv2d's bias [3]. */
export function loadRgbBias(backend: Backend, bundle: ModelBundle, prefix: string): Tensor {
  const name = `${prefix}.bias`;
  const stored = bundle.tensor(name);
  const gain = bundle.entry(name).gain;
  return frozen(
    backend,
    Float64Array.from(stored, (v) => v * gain),
    [stored.length],
    name,
  );
}

export function releaseModConvWeights(w: ModConvWeights): void {
  w.weight.release();
  w.energy?.release();
}
