/** A decoded image as the browser gives it: 8-bit RGBA, row-major, no premultiplied alpha. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The method works on RGB: composite transparent pixels over a neutral grey so cut-outs keep their silhouette. */
export function flattenAlpha(image: RgbaImage, background: [number, number, number] = [128, 128, 128]): RgbaImage {
  const out = new Uint8ClampedArray(image.data.length);
  const src = image.data;
  for (let i = 0; i < src.length; i += 4) {
    const a = src[i + 3] / 255;
    out[i] = src[i] * a + background[0] * (1 - a);
    out[i + 1] = src[i + 1] * a + background[1] * (1 - a);
    out[i + 2] = src[i + 2] * a + background[2] * (1 - a);
    out[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data: out };
}

export function hasTransparency(image: RgbaImage): boolean {
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] < 255) return true;
  return false;
}

/** True when every pixel has R = G = B (a grayscale photo decoded to RGBA); it is used as is, and we say so. */
export function isGrayscale(image: RgbaImage): boolean {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}
