// The compact morphable face model built by tools/facemodel/build.ts (assets/facemodel/): mean shape and
// topology from MediaPipe's canonical mesh, PCA shape modes, and UV textures. Parsing is independent of
// how the bytes were read, so the generator can run in Node (loadFaceModelNode.ts) or in a browser.

export interface FaceModel {
  vertexCount: number;
  /** mean positions in cm, x right, y up, z toward the viewer; length 3V */
  mean: Float32Array;
  /** texture coordinates, v down; length 2V */
  uvs: Float32Array;
  triangles: Uint32Array;
  /** shape modes: vertex offsets (cm) per unit N(0,1) coefficient; each length 3V */
  shapeModes: Float32Array[];
  textureSize: number;
  /** one RGB float texture in [0,1] per photographed face; each length size*size*3 */
  textures: Float32Array[];
}

export interface FaceModelJson {
  format: string;
  vertexCount: number;
  triangleCount: number;
  mean: number[];
  uvs: number[];
  triangles: number[];
  shapeModes: { basis: number[][] };
  textures: { size: number; count: number; columns: number };
}

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA bytes, as decoders (pngjs, canvas) return them */
  data: Uint8Array;
}

export function parseFaceModel(json: FaceModelJson, atlas: RgbaImage): FaceModel {
  if (json.format !== 'facemodel-v1') throw new Error(`face model: unknown format ${json.format}`);
  const v = json.vertexCount;
  if (json.mean.length !== 3 * v || json.uvs.length !== 2 * v)
    throw new Error('face model: vertex arrays do not match vertexCount');
  if (json.triangles.length !== 3 * json.triangleCount)
    throw new Error('face model: triangle array does not match triangleCount');
  for (const b of json.shapeModes.basis)
    if (b.length !== 3 * v) throw new Error('face model: a shape mode has the wrong length');
  const { size, count, columns } = json.textures;
  if (atlas.width < columns * size || atlas.height < Math.ceil(count / columns) * size) {
    throw new Error(`face model: texture atlas ${atlas.width}x${atlas.height} too small for ${count} tiles of ${size}`);
  }
  const textures: Float32Array[] = [];
  for (let k = 0; k < count; k++) {
    const ox = (k % columns) * size;
    const oy = Math.floor(k / columns) * size;
    const tex = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const src = ((oy + y) * atlas.width + ox + x) * 4;
        for (let c = 0; c < 3; c++) tex[3 * (y * size + x) + c] = atlas.data[src + c] / 255;
      }
    }
    textures.push(tex);
  }
  return {
    vertexCount: v,
    mean: Float32Array.from(json.mean),
    uvs: Float32Array.from(json.uvs),
    triangles: Uint32Array.from(json.triangles),
    shapeModes: json.shapeModes.basis.map((b) => Float32Array.from(b)),
    textureSize: size,
    textures,
  };
}
