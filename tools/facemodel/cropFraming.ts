// Measures how the face detector sees the training faces' framing, for the crop rule (src/data/face/cropRule.ts,
// docs/METHOD.md): renders synthetic training samples (seeds from 0), runs @vladmandic/human's face mesh on them
// (tfjs wasm in Node, models from node_modules) and prints the face oval's height and box centre in the
// eye-levelled frame, as fractions of the image, beside the same for the rendered mesh's own oval.
//   npx tsx tools/facemodel/cropFraming.ts [--count 100] [--size 256] [--posed]
import { parseArgs } from 'node:util';
import { turnPoints } from '../../src/data/face/alignment';
import { levelledOval } from '../../src/data/face/cropRule';
import type { Point } from '../../src/data/face/faceMesh';
import { loadFaceModelNode } from '../../src/data/synth/loadFaceModelNode';
import { projectedMesh } from '../../src/data/synth/projectedMesh';
import { renderSample } from '../../src/data/synth/renderSample';
import { drawSampleParams, type SampleParams } from '../../src/data/synth/sampleParams';
import { createFaceMeshDetector } from './detectLandmarks';

/** Oval height, box-centre offset from the image centre (x, y): fractions of the image, levelled frame. */
function framing(mesh: Point[], size: number): [number, number, number] {
  const o = levelledOval(mesh);
  const [c] = turnPoints([[size / 2, size / 2]], o.pivot, -o.angle);
  return [(o.maxY - o.minY) / size, ((o.minX + o.maxX) / 2 - c[0]) / size, ((o.minY + o.maxY) / 2 - c[1]) / size];
}

function summary(rows: number[][], k: number): string {
  const v = rows.map((r) => r[k]);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      size: { type: 'string', default: '256' },
      posed: { type: 'boolean' },
    },
  });
  const count = Number(values.count);
  const size = Number(values.size);
  const model = loadFaceModelNode();
  const limits = {
    shapeModeCount: model.shapeModes.length,
    textureCount: model.textures.length,
    meanPositions: model.mean,
  };
  // Zero pose at the mean scale unless --posed: the training draws' own yaw, pitch, roll, scale and shift.
  const pose = (p: SampleParams): SampleParams =>
    values.posed ? p : { ...p, yawDeg: 0, pitchDeg: 0, rollDeg: 0, scale: 0.99, shift: [0, 0] };
  const detect = await createFaceMeshDetector();
  const detected: number[][] = [];
  const mesh: number[][] = [];
  let missed = 0;
  for (let seed = 0; seed < count; seed++) {
    const params = pose(drawSampleParams(seed, limits));
    const rendered = renderSample(model, params, { size, supersample: 3 });
    const faces = await detect({ width: size, height: size, data: rendered.image });
    mesh.push(framing(projectedMesh(model, params, size), size));
    if (!faces.length) {
      missed++;
      continue;
    }
    detected.push(
      framing(
        faces[0].mesh.map((p) => [p[0], p[1]] as Point),
        size,
      ),
    );
  }
  const what = `${count} training samples (seeds 0-${count - 1}) at ${size} px, ${values.posed ? 'posed' : 'zero pose'}`;
  console.log(`${what}; the detector found ${count - missed}`);
  for (const [name, rows] of [
    ['detected oval', detected],
    ['rendered mesh oval', mesh],
  ] as const)
    console.log(`${name}: height ${summary(rows, 0)}, centre x ${summary(rows, 1)}, y ${summary(rows, 2)}`);
  process.exit(0);
}

void main();
