/**
 * The projected samples the collect phase keeps for step 3 (method-reference section 5): images G(w + dw) of
 * pseudo samples and their pseudo masks, on the device, read `batchSize` at a time in a shuffled order that is
 * reshuffled when the pass is used up (GAN2Shape's load_proj_images). Each sample also keeps the view and light
 * its pseudo sample was drawn with (a few numbers, on the host), for the preset option knownPseudoPose.
 */
import type { Backend } from '../../engine/backend';
import { copyAxisKernel } from '../../engine/ops/shape.kernels';
import type { Random } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';

/** A batch of collected samples (caller-owned tensors) with the poses their pseudo samples were drawn in. */
export interface ProjectedBatch {
  /** [b, 3, S, S] ([1 + b, ...] with a lead image first) */
  images: Tensor;
  /** [b, 1, S, S] ([1 + b, ...]) */
  masks: Tensor;
  /** [b * 6] and [b * 4] (the samples only) */
  views: number[];
  lights: number[];
}

export class ProjectedSamples {
  readonly images: Tensor;
  readonly masks: Tensor;
  private filled = 0;
  private readonly views: number[] = [];
  private readonly lights: number[] = [];
  private order: number[] = [];
  private cursor = 0;

  constructor(
    readonly backend: Backend,
    readonly capacity: number,
    readonly size: number,
  ) {
    this.images = backend.zeros([capacity, 3, size, size]).keep();
    this.masks = backend.zeros([capacity, 1, size, size]).keep();
  }

  get count(): number {
    return this.filled;
  }

  /**
   * Appends a batch: images [B, 3, S, S], masks [B, 1, S, S] (copied; the caller keeps its tensors) and the
   * pseudo samples' views [B * 6] and lights [B * 4].
   */
  append(images: Tensor, masks: Tensor, views: readonly number[], lights: readonly number[]): void {
    const b = images.shape[0];
    if (this.filled + b > this.capacity)
      throw new Error(`ProjectedSamples: ${this.filled} + ${b} samples exceed the capacity ${this.capacity}.`);
    if (views.length !== b * 6 || lights.length !== b * 4)
      throw new Error(`ProjectedSamples: ${b} samples need ${b * 6} view and ${b * 4} light values.`);
    this.views.push(...views);
    this.lights.push(...lights);
    copyAxisKernel([images, this.images], { axis: 0, srcStart: 0, dstStart: this.filled, count: b });
    copyAxisKernel([masks, this.masks], { axis: 0, srcStart: 0, dstStart: this.filled, count: b });
    this.filled += b;
  }

  /**
   * The next `b` samples of the shuffled order: caller-owned images [b, 3, S, S] and masks [b, 1, S, S], with
   * their views [b * 6] and lights [b * 4]. With `lead`, its image [1, 3, S, S] and mask [1, 1, S, S] are copied in
   * first (images [1 + b, ...]): step 3 runs the input and its samples as one batch without a concat.
   */
  nextBatch(b: number, random: Random, lead?: { image: Tensor; mask: Tensor }): ProjectedBatch {
    if (this.filled === 0) throw new Error('ProjectedSamples: no samples were collected.');
    const take = Math.min(b, this.filled);
    if (this.order.length === 0 || this.cursor + take > this.order.length) {
      this.order = shuffled(this.filled, random);
      this.cursor = 0;
    }
    const picked = this.order.slice(this.cursor, this.cursor + take);
    this.cursor += take;
    const first = lead ? 1 : 0;
    const images = this.backend.empty([first + take, 3, this.size, this.size]);
    const masks = this.backend.empty([first + take, 1, this.size, this.size]);
    if (lead) {
      copyAxisKernel([lead.image, images], { axis: 0, srcStart: 0, dstStart: 0, count: 1 });
      copyAxisKernel([lead.mask, masks], { axis: 0, srcStart: 0, dstStart: 0, count: 1 });
    }
    picked.forEach((index, k) => {
      copyAxisKernel([this.images, images], { axis: 0, srcStart: index, dstStart: first + k, count: 1 });
      copyAxisKernel([this.masks, masks], { axis: 0, srcStart: index, dstStart: first + k, count: 1 });
    });
    const views = picked.flatMap((index) => this.views.slice(index * 6, index * 6 + 6));
    const lights = picked.flatMap((index) => this.lights.slice(index * 4, index * 4 + 4));
    return { images, masks, views, lights };
  }

  release(): void {
    this.images.release();
    this.masks.release();
  }
}

/** A Fisher-Yates permutation of 0..n-1. */
function shuffled(n: number, random: Random): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
