/** Float64 reference: out[c] = sum_{o,i} x[o, c, i] for x viewed as [outer, channels, inner] (bias gradients). */
export function sumOuterInner(x: Float64Array, outer: number, channels: number, inner: number): Float64Array {
  if (x.length !== outer * channels * inner) throw new Error('sumOuterInner: size does not match the view.');
  const out = new Float64Array(channels);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      const base = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) s += x[base + i];
      out[c] += s;
    }
  }
  return out;
}
