// Builds the project's small morphable face model once, offline:
//   npm run facemodel:build
// Inputs: MediaPipe's canonical mesh (mean shape, UVs, triangles) and the licensed photos in
// tests/fixtures/photos (see PHOTOS below). Output: assets/facemodel/facemodel.json (geometry, shape modes,
// provenance) and assets/facemodel/textures.png (one UV texture per photographed face, in a grid).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { loadCanonicalMesh } from './canonicalMesh';
import { neutralizeColorCast } from './colorBalance';
import { decodePhoto } from './decodePhoto';
import { createFaceMeshDetector, type DetectedFace } from './detectLandmarks';
import { buildShapeModes, humanMeshToCanonicalAxes } from './shapeModel';
import { type UvTexture, unwrapTexture } from './unwrapTexture';

const PHOTO_DIR = 'tests/fixtures/photos';
const OUT_DIR = 'assets/facemodel';
const TEXTURE_SIZE = 128;
const MAX_SHAPE_MODES = 10;
const MIN_BOX_PIXELS = 140;
const MAX_ABS_YAW_DEG = 35;

/** Only photos whose licence allows shipping derived textures (see tests/fixtures/photos/README.md). */
const PHOTOS = [
  ...[1, 2, 3, 4, 5, 6].map((i) => ({
    file: `sample${i}.jpg`,
    origin: `npm @vladmandic/face-api 1.7.15, demo/sample${i}.jpg`,
    licence: 'MIT (c) Vladimir Mandic',
  })),
  {
    file: 'astronaut.jpg',
    origin: 'Debian python3-skimage, skimage/data/astronaut.png (NASA portrait of Eileen Collins), re-encoded JPEG',
    licence: 'public domain (NASA)',
  },
  {
    file: 'grace_hopper.jpg',
    origin: 'Debian python-matplotlib-data 3.6.3, mpl-data/sample_data/grace_hopper.jpg (US Navy portrait)',
    licence: 'public domain (US federal government work)',
  },
];

/**
 * Textures left out after looking at them (photo, left edge of Human's box): theatrical make-up, coloured
 * light, glare or hair across the face would be copied onto thousands of synthetic faces. Their meshes still
 * feed the shape modes unless the mesh itself is suspect (shapeToo).
 */
const EXCLUDED: { photo: string; boxX: number; reason: string; shapeToo?: boolean }[] = [
  { photo: 'sample1.jpg', boxX: 333, reason: 'clown make-up (painted tears and dots)' },
  { photo: 'sample1.jpg', boxX: 775, reason: 'theatrical eye make-up and painted tear' },
  { photo: 'sample2.jpg', boxX: 802, reason: 'hair across the face', shapeToo: true },
  {
    photo: 'sample3.jpg',
    boxX: 515,
    reason: 'purple screen light across the face (uneven cast survives colour balancing)',
  },
  {
    photo: 'sample3.jpg',
    boxX: 997,
    reason: 'blue stage light across the face (uneven cast survives colour balancing)',
  },
  { photo: 'sample3.jpg', boxX: 1359, reason: 'blue light across the face (uneven cast survives colour balancing)' },
  { photo: 'sample4.jpg', boxX: 613, reason: 'glare on the nose and under the eyes (pale mask-like patches)' },
  { photo: 'sample4.jpg', boxX: 916, reason: 'over-exposed forehead and cheeks' },
  { photo: 'sample5.jpg', boxX: 274, reason: 'unwrap shows a doubled nose (mesh misfit)', shapeToo: true },
  { photo: 'sample4.jpg', boxX: 1216, reason: 'hair over the eyes, smeared unwrap' },
  { photo: 'sample5.jpg', boxX: 724, reason: 'strong glare on nose and cheeks' },
  { photo: 'sample5.jpg', boxX: 1048, reason: 'glare on the nose, hair over the cheek' },
];

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function writeAtlas(textures: UvTexture[], columns: number, path: string): void {
  const rows = Math.ceil(textures.length / columns);
  const size = TEXTURE_SIZE;
  const png = new PNG({ width: columns * size, height: rows * size, colorType: 2 });
  png.data.fill(0);
  textures.forEach((tex, k) => {
    const ox = (k % columns) * size;
    const oy = Math.floor(k / columns) * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = ((oy + y) * png.width + ox + x) * 4;
        for (let c = 0; c < 3; c++)
          png.data[o + c] = Math.round(Math.min(1, Math.max(0, tex.rgb[3 * (y * size + x) + c])) * 255);
        png.data[o + 3] = 255;
      }
    }
  });
  writeFileSync(path, PNG.sync.write(png, { colorType: 2 }));
}

async function main(): Promise<void> {
  const mesh = loadCanonicalMesh();
  const detect = await createFaceMeshDetector();
  const shapes: Float64Array[] = [];
  const textures: UvTexture[] = [];
  const sources: Record<string, unknown>[] = [];
  const shapeSources: { photo: string; box: number[]; alignmentRmsCm?: number }[] = [];
  for (const photo of PHOTOS) {
    const image = decodePhoto(join(PHOTO_DIR, photo.file));
    const faces: DetectedFace[] = await detect(image);
    for (const face of faces) {
      const excluded = EXCLUDED.find((e) => e.photo === photo.file && Math.abs(e.boxX - face.box[0]) <= 8);
      const usable =
        face.score >= 0.8 && face.box[2] >= MIN_BOX_PIXELS && Math.abs(face.yaw) * (180 / Math.PI) <= MAX_ABS_YAW_DEG;
      console.log(
        `${photo.file} box=${face.box.join(',')} score=${face.score.toFixed(2)} yaw=${((face.yaw * 180) / Math.PI).toFixed(0)} ${usable ? 'used' : 'skipped'}`,
      );
      if (!usable) continue;
      if (excluded) console.log(`  texture excluded: ${excluded.reason}${excluded.shapeToo ? ' (shape too)' : ''}`);
      if (!excluded?.shapeToo) {
        shapes.push(humanMeshToCanonicalAxes(face.mesh));
        shapeSources.push({ photo: photo.file, box: face.box });
      }
      if (excluded) continue;
      textures.push(neutralizeColorCast(unwrapTexture(image, face.mesh, mesh.uvs, mesh.triangles, TEXTURE_SIZE)));
      sources.push({
        texture: textures.length - 1,
        photo: photo.file,
        origin: photo.origin,
        licence: photo.licence,
        box: face.box,
        yawDeg: round((face.yaw * 180) / Math.PI, 1),
        pitchDeg: round((face.pitch * 180) / Math.PI, 1),
        rollDeg: round((face.roll * 180) / Math.PI, 1),
      });
    }
  }
  const modes = buildShapeModes(mesh.positions, shapes, MAX_SHAPE_MODES);
  shapeSources.forEach((s, i) => {
    s.alignmentRmsCm = round(modes.residualRms[i], 3);
  });
  const columns = Math.ceil(Math.sqrt(textures.length));
  mkdirSync(OUT_DIR, { recursive: true });
  writeAtlas(textures, columns, join(OUT_DIR, 'textures.png'));
  const model = {
    format: 'facemodel-v1',
    description:
      'Mean shape = MediaPipe canonical face mesh; shape modes = PCA of @vladmandic/human meshes of the photos below after similarity Procrustes; textures unwrapped from the same photos. Built by tools/facemodel/build.ts.',
    units: 'cm',
    axes: 'x right (viewer), y up, z toward the viewer',
    vertexCount: mesh.positions.length / 3,
    triangleCount: mesh.triangles.length / 3,
    mean: Array.from(mesh.positions, (x) => round(x)),
    uvs: Array.from(mesh.uvs, (x) => round(x, 5)),
    triangles: Array.from(mesh.triangles),
    shapeModes: {
      note: 'vertex offset (cm) per unit coefficient; sample coefficients from N(0,1)',
      perVertexRmsCm: modes.stddev.map((s) => round(s, 4)),
      basis: modes.basis.map((b) => Array.from(b, (x) => round(x))),
    },
    shapeSources,
    excludedTextures: EXCLUDED,
    textures: {
      file: 'textures.png',
      size: TEXTURE_SIZE,
      count: textures.length,
      columns,
      layout: 'row-major tiles, v down, u right',
    },
    textureSources: sources,
  };
  writeFileSync(join(OUT_DIR, 'facemodel.json'), `${JSON.stringify(model)}\n`);
  console.log(
    `textures: ${textures.length}; shapes: ${shapes.length}; shape modes: ${modes.basis.length}; per-vertex RMS cm: ${modes.stddev.map((s) => s.toFixed(3)).join(' ')}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
