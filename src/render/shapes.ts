/** Shape checks of the renderer's tensors, with errors that name the tensor and the expected layout. */
import type { Tensor } from '../engine/tensor';

function fail(what: string, t: Tensor, layout: string): never {
  throw new Error(`${what}: expected ${layout}, got [${t.shape.join(', ')}]`);
}

/** A depth map [B, H, W] with H, W >= 2; returns its dims. */
export function depthDims(what: string, depth: Tensor): { batch: number; height: number; width: number } {
  const [batch, height, width] = depth.shape;
  if (depth.shape.length !== 3 || height < 2 || width < 2) fail(what, depth, '[B, H, W] with H, W >= 2');
  return { batch, height, width };
}

/** A [B, n] parameter tensor (views n = 6, lights n = 4); returns B. */
export function paramBatch(what: string, t: Tensor, n: number): number {
  if (t.shape.length !== 2 || t.shape[1] !== n || t.shape[0] < 1) fail(what, t, `[B, ${n}]`);
  return t.shape[0];
}

/** An image [B, C, H, W]; returns its dims. */
export function imageDims(what: string, t: Tensor): { batch: number; channels: number; height: number; width: number } {
  if (t.shape.length !== 4) fail(what, t, '[B, C, H, W]');
  const [batch, channels, height, width] = t.shape;
  return { batch, channels, height, width };
}

/** Throws unless an input batch broadcasts over `views` (it is 1 or equal). */
export function expectBroadcast(what: string, batch: number, views: number): void {
  if (!(batch === 1 || batch === views))
    throw new Error(`${what}: batch ${batch} must be 1 or the number of views ${views}`);
}

export function expectSpatial(what: string, t: Tensor, height: number, width: number): void {
  const h = t.shape[t.shape.length - 2];
  const w = t.shape[t.shape.length - 1];
  if (h !== height || w !== width) throw new Error(`${what}: spatial size ${h}x${w} differs from ${height}x${width}`);
}
