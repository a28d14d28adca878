/**
 * Deterministic random numbers from a seed (splitmix32 + Box-Muller), identical in every JS engine, so that both
 * backends and every run start from the same weights and test data.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`Random seed must be an integer, got ${seed}.`);
    this.state = seed >>> 0;
  }

  /** The stream's position, to continue it later (a resumed run draws what it would have drawn). */
  saveState(): number {
    return this.state;
  }

  restoreState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff)
      throw new Error(`Random state must be a 32-bit unsigned integer, got ${state}.`);
    this.state = state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  normal(): number {
    const u1 = Math.max(this.next(), 1e-12);
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  uniformArray(size: number, low: number, high: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.uniform(low, high);
    return out;
  }

  normalArray(size: number, std = 1): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = std * this.normal();
    return out;
  }
}
