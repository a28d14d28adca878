// Tiles rendered samples into one PNG-ready RGB canvas, for people to look at: the RGB images, and a
// matching sheet with the depth (near = bright, inside the mask) beside the normals (mapped to RGB).

export interface SheetTile {
  size: number;
  rgb: Uint8Array;
}

export function tileSheet(
  tiles: SheetTile[],
  columns: number,
  scale = 1,
): { width: number; height: number; rgb: Uint8Array } {
  if (tiles.length === 0) throw new Error('tileSheet: no tiles');
  const size = tiles[0].size;
  const cell = size * scale;
  const rows = Math.ceil(tiles.length / columns);
  const width = columns * cell;
  const height = rows * cell;
  const rgb = new Uint8Array(width * height * 3);
  tiles.forEach((tile, k) => {
    if (tile.size !== size) throw new Error('tileSheet: tiles differ in size');
    const ox = (k % columns) * cell;
    const oy = Math.floor(k / columns) * cell;
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const src = 3 * (Math.floor(y / scale) * size + Math.floor(x / scale));
        const dst = 3 * ((oy + y) * width + ox + x);
        rgb[dst] = tile.rgb[src];
        rgb[dst + 1] = tile.rgb[src + 1];
        rgb[dst + 2] = tile.rgb[src + 2];
      }
    }
  });
  return { width, height, rgb };
}

/** depth as grey: each face's own depth range stretched to bright (near) .. dark (far); background black */
export function depthTile(depth: Float32Array, mask: Uint8Array, size: number): SheetTile {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < depth.length; i++) {
    if (!mask[i]) continue;
    lo = Math.min(lo, depth[i]);
    hi = Math.max(hi, depth[i]);
  }
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const g = mask[i] && hi > lo ? Math.round(40 + 215 * ((hi - depth[i]) / (hi - lo))) : 0;
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g;
  }
  return { size, rgb };
}

/** normals (x, y, z) in [-1,1] mapped to RGB; background black */
export function normalTile(normals: Float32Array, mask: Uint8Array, size: number): SheetTile {
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < 3; c++) rgb[3 * i + c] = Math.round((normals[3 * i + c] * 0.5 + 0.5) * 255);
  }
  return { size, rgb };
}
