// Z-buffered triangle rasterizer on the CPU with perspective-correct barycentrics, the ground truth's
// single source: image, depth, normals and mask all come from the same fragments. No back-face culling
// (the method's renderer duplicates reversed faces to the same effect). Sample (x, y) of the target grid is
// the point (x, y) in the projected coordinates, i.e. sample centres sit on integers.

export interface Fragments {
  width: number;
  height: number;
  /** winning triangle per sample, -1 where empty */
  triangle: Int32Array;
  /** perspective-correct weights of the triangle's 2nd and 3rd vertex (1st = 1 - b1 - b2) */
  b1: Float32Array;
  b2: Float32Array;
  /** camera-space z of the nearest surface, +Infinity where empty */
  depth: Float32Array;
}

/**
 * @param projected per vertex (x, y, z): x, y in sample coordinates, z the camera-space depth (> 0)
 */
export function rasterize(projected: Float32Array, triangles: Uint32Array, width: number, height: number): Fragments {
  const count = width * height;
  const frags: Fragments = {
    width,
    height,
    triangle: new Int32Array(count).fill(-1),
    b1: new Float32Array(count),
    b2: new Float32Array(count),
    depth: new Float32Array(count).fill(Number.POSITIVE_INFINITY),
  };
  for (let t = 0; t < triangles.length / 3; t++) {
    const i0 = triangles[3 * t];
    const i1 = triangles[3 * t + 1];
    const i2 = triangles[3 * t + 2];
    const x0 = projected[3 * i0],
      y0 = projected[3 * i0 + 1],
      z0 = projected[3 * i0 + 2];
    const x1 = projected[3 * i1],
      y1 = projected[3 * i1 + 1],
      z1 = projected[3 * i1 + 2];
    const x2 = projected[3 * i2],
      y2 = projected[3 * i2 + 1],
      z2 = projected[3 * i2 + 2];
    if (!(z0 > 0 && z1 > 0 && z2 > 0)) throw new Error('rasterize: vertex at or behind the camera');
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(area) < 1e-12) continue;
    const inv = 1 / area;
    const xmin = Math.max(0, Math.ceil(Math.min(x0, x1, x2)));
    const xmax = Math.min(width - 1, Math.floor(Math.max(x0, x1, x2)));
    const ymin = Math.max(0, Math.ceil(Math.min(y0, y1, y2)));
    const ymax = Math.min(height - 1, Math.floor(Math.max(y0, y1, y2)));
    const iz0 = 1 / z0,
      iz1 = 1 / z1,
      iz2 = 1 / z2;
    for (let y = ymin; y <= ymax; y++) {
      for (let x = xmin; x <= xmax; x++) {
        // screen-space barycentrics, sign-normalized by the triangle's area so both windings work
        const l1 = ((x - x0) * (y2 - y0) - (x2 - x0) * (y - y0)) * inv;
        const l2 = ((x1 - x0) * (y - y0) - (x - x0) * (y1 - y0)) * inv;
        const l0 = 1 - l1 - l2;
        if (l0 < 0 || l1 < 0 || l2 < 0) continue;
        const invDepth = l0 * iz0 + l1 * iz1 + l2 * iz2;
        const z = 1 / invDepth;
        const s = y * width + x;
        if (z >= frags.depth[s]) continue;
        frags.depth[s] = z;
        frags.triangle[s] = t;
        frags.b1[s] = l1 * iz1 * z;
        frags.b2[s] = l2 * iz2 * z;
      }
    }
  }
  return frags;
}
