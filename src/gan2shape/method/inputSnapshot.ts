/**
 * A snapshot of the nets' current prediction for the input: canonical depth, albedo, shading, normals, the
 * reconstruction, the depth rendered in the input's view (what SIDE/MAD score), view and light. The nets are read
 * afresh (nothing cached from a step's begin), in a tidy scope that leaves no tensor behind.
 */
import { tidy } from '../../engine/autograd/tidy';
import type { Phase, Snapshot } from '../runner/types';
import type { MethodContext } from './context';
import { predictInput, renderInput } from './inputPrediction';

export async function inputSnapshot(ctx: MethodContext, phase: Phase, iteration: number): Promise<Snapshot> {
  const S = ctx.size;
  const out = tidy(() => {
    const p = predictInput(ctx);
    const rec = renderInput(p, false);
    return [p.depth, p.albedo, rec.diffuse, rec.normals, rec.image, rec.reconDepth, p.view, p.light];
  });
  // I_gan (kept by the context, not released here) joins the same readback.
  const ganImage = ctx.latent?.ganImage;
  let values: Float64Array[];
  try {
    values = await ctx.backend.readAll(ganImage ? [...out, ganImage] : out);
  } finally {
    for (const t of out) t.release();
  }
  const [depth, albedo, diffuse, normals, image, reconDepth, view, light] = values.map((v) => Float32Array.from(v));
  const [ka, kd] = light;
  const snapshot: Snapshot = {
    stage: phase.stage,
    step: phase.step,
    iteration,
    size: S,
    depth,
    albedo,
    shading: diffuse.map((d) => ka + kd * d),
    normals: interleaveNormals(normals, S * S),
    reconstruction: image,
    reconDepth,
    view: [...view],
    light: [...light],
  };
  if (ctx.latent) {
    snapshot.ganImage = Float32Array.from(values[out.length]);
    snapshot.ganPsnr = ctx.latent.psnr;
  }
  return snapshot;
}

/** CHW normals [3, S*S] to the snapshot's interleaved xyz per pixel. */
export function interleaveNormals(chw: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = chw[c * pixels + i];
  return out;
}
