/**
 * What a finished run keeps so that the GAN path (ganPath.ts) still renders after the run is reopened from the
 * archive: E's weights as its last step 2 left them and the input's w, with the sizes to rebuild E and the
 * projection with. I_gan is not kept: G(w) recomputes it with the same model. This is the slice of a
 * MethodCheckpoint (checkpoint.ts) the GAN path needs, taken when the run ends (a checkpoint at the last stage
 * boundary would hold an earlier E than the one the run's own renders used).
 */
import { tidy } from '../../engine/autograd/tidy';
import { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import type { MethodGan } from '../gan/methodGan';
import type { StoredTensor } from '../method/checkpoint';
import type { InputLatent } from '../method/context';
import { psnr } from '../method/psnr';
import { ResEncoder } from '../nets/resEncoder';
import type { Phase } from '../runner/types';
import type { GanPathModel } from './ganPath';

export const GAN_PATH_STATE_VERSION = 1;

export interface StoredGanPath {
  version: number;
  /** The method's image size S. */
  size: number;
  /** The mapping split E's offsets go through (GanPathModel.offsetLayers). */
  offsetLayers: number;
  /** E's base width nf (ResEncoderOptions.nf). */
  encoderWidth: number;
  /** The GAN's style dimension: E's output width and w's length. */
  styleDim: number;
  /** E's parameters by name, as a checkpoint keeps a net. */
  encoder: Record<string, StoredTensor>;
  /** The input's w [D]. */
  latent: Float32Array;
}

/** Reads E and w of a live GAN path in one readback (the run has ended: nothing trains them any more). */
export async function readGanPathState(model: GanPathModel): Promise<StoredGanPath> {
  const params = model.encoder.namedParameters();
  const values = await model.gan.backend.readAll([...params.map(([, t]) => t), model.latent.w]);
  const encoder: Record<string, StoredTensor> = {};
  params.forEach(([name, t], i) => {
    encoder[name] = { shape: [...t.shape], data: Float32Array.from(values[i]) };
  });
  return {
    version: GAN_PATH_STATE_VERSION,
    size: model.size,
    offsetLayers: model.offsetLayers,
    encoderWidth: model.encoder.options.nf,
    styleDim: model.encoder.options.outChannels,
    encoder,
    latent: Float32Array.from(values[params.length]),
  };
}

/**
 * What a finished run keeps for its GAN path: E and w of `model` (the runner's ganPathModel()), or null when there
 * is none (no GAN) or the schedule never trained E (no step 2). Call it as the run ends, before its nets go.
 */
export async function finishedRunGanPath(
  model: GanPathModel | null,
  phases: readonly Phase[],
): Promise<StoredGanPath | null> {
  if (!model || !phases.some((p) => p.step === 'step2')) return null;
  return readGanPathState(model);
}

/** A GAN path rebuilt from a stored state: it owns E, w and I_gan (not the GAN) until released. */
export interface RebuiltGanPath extends GanPathModel {
  release(): void;
}

/**
 * Rebuilds the GAN path of a stored run on `gan` (the model the run was made with): E with the stored weights, w,
 * and I_gan = clamp(G(w)) at S (its PSNR against `input`, CHW [-1, 1] at S, as the inversion reports it). Throws
 * an Error that says why when the state is of another format or does not fit this model.
 */
export async function rebuildGanPath(
  gan: MethodGan,
  state: StoredGanPath,
  input: Float32Array,
): Promise<RebuiltGanPath> {
  if (state.version !== GAN_PATH_STATE_VERSION)
    throw new Error(
      `it was stored in another format (version ${state.version}; this app reads ${GAN_PATH_STATE_VERSION})`,
    );
  if (state.styleDim !== gan.styleDim || state.latent.length !== gan.styleDim)
    throw new Error(
      `its w has ${state.latent.length} values and its E ${state.styleDim} outputs; the model's w has ${gan.styleDim}`,
    );
  const S = state.size;
  if (input.length !== 3 * S * S) throw new Error(`its input is not ${S} x ${S} RGB`);
  const backend = gan.backend;
  // The initial weights are overwritten at once: any stream will do.
  const encoder = new ResEncoder(backend, new Random(0), {
    imageSize: S,
    outChannels: state.styleDim,
    nf: state.encoderWidth,
  });
  let w: Tensor | null = null;
  let ganImage: Tensor | null = null;
  try {
    encoder.importState(state.encoder);
    encoder.setFrozen(true);
    const latentW = backend.fromArray(state.latent, [1, state.styleDim]);
    w = latentW;
    ganImage = tidy(() => gan.image(latentW, S));
    const latent: InputLatent = { w: latentW, ganImage, psnr: psnr(await ganImage.read(), input) };
    let released = false;
    return {
      gan,
      encoder,
      latent,
      size: S,
      offsetLayers: state.offsetLayers,
      release() {
        if (released) return;
        released = true;
        encoder.release();
        latentW.release();
        latent.ganImage.release();
      },
    };
  } catch (err) {
    encoder.release();
    w?.release();
    ganImage?.release();
    throw err;
  }
}
