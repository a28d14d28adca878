// npm run synth:gallery -- [--count 6] [--seed 1000000] [--size 64] [--out public/samples/synface]
// Writes a few test-split samples for the app's gallery: RGB PNG, ground-truth depth as a 16-bit grey PNG
// in the Unsup3d convention (g = (1.1 - d) / 0.2, white = near, so d = 1 + 0.1 (1 - 2g)), the mask, and an
// index.json with each sample's pose and light.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { TEST_SEED_START } from '../datasetFormat';
import { loadFaceModelNode } from '../loadFaceModelNode';
import { writeRgbPng } from '../pngFile';
import { sampleRecord } from '../renderChunk';
import { renderSample } from '../renderSample';
import { drawSampleParams } from '../sampleParams';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** depth -> 16-bit grey in the Unsup3d GT PNG convention */
export function depthToGrey16(depth: Float32Array): Uint16Array {
  return Uint16Array.from(depth, (d) => Math.round(Math.min(1, Math.max(0, (1.1 - d) / 0.2)) * 65535));
}

function main(): void {
  const count = Number(arg('count', '6'));
  const seed = Number(arg('seed', String(TEST_SEED_START)));
  const size = Number(arg('size', '64'));
  const out = arg('out', 'public/samples/synface');
  if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(seed) || seed < 0)
    throw new Error('synth:gallery: bad --count/--seed');
  mkdirSync(out, { recursive: true });
  const model = loadFaceModelNode();
  const limits = {
    shapeModeCount: model.shapeModes.length,
    textureCount: model.textures.length,
    meanPositions: model.mean,
  };
  const entries = [];
  for (let k = 0; k < count; k++) {
    const params = drawSampleParams(seed + k, limits);
    const r = renderSample(model, params, { size, supersample: 3 });
    const stem = `synface_${seed + k}`;
    writeRgbPng(join(out, `${stem}_image.png`), size, size, r.image);
    writeFileSync(
      join(out, `${stem}_depth16.png`),
      encode({ width: size, height: size, data: depthToGrey16(r.depth), depth: 16, channels: 1 }),
    );
    writeFileSync(
      join(out, `${stem}_mask.png`),
      encode({ width: size, height: size, data: r.mask, depth: 8, channels: 1 }),
    );
    entries.push({
      image: `${stem}_image.png`,
      depth: `${stem}_depth16.png`,
      mask: `${stem}_mask.png`,
      ...sampleRecord(k, params),
    });
  }
  const index = {
    format: 'synface-gallery-v1',
    size,
    depthEncoding:
      '16-bit grey g in [0,1]: depth d = 1 + 0.1 * (1 - 2 g) (Unsup3d GT convention; white = near, background = 1.1)',
    camera: 'fov 10 deg, camera at the origin looking down +z (docs/SYNTH_DATA.md)',
    samples: entries,
  };
  writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`synth:gallery: wrote ${count} samples to ${out}`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
