// The landmark tables are copied from Human (MIT) so src/data stays free of its bundle: check the copy against
// the installed @vladmandic/human's own source.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACE_OVAL, LEFT_EYE, RIGHT_EYE } from '../../../src/data/face/faceMesh';

const COORDS = resolve(__dirname, '../../../node_modules/@vladmandic/human/src/face/facemeshcoords.ts');

function annotation(source: string, name: string): number[] {
  const m = source.match(new RegExp(`\\b${name}: \\[([\\d,\\s]+)\\]`));
  if (!m) throw new Error(`${name} not found in Human's facemeshcoords.ts`);
  return m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
}

describe("the mesh's landmark groups", () => {
  const source = readFileSync(COORDS, 'utf8');
  it("the face oval is Human's silhouette, in order", () => {
    expect([...FACE_OVAL]).toEqual(annotation(source, 'silhouette'));
    expect(new Set(FACE_OVAL).size).toBe(36);
  });
  it("the eyes are Human's lid contours", () => {
    expect([...RIGHT_EYE]).toEqual([...annotation(source, 'rightEyeUpper0'), ...annotation(source, 'rightEyeLower0')]);
    expect([...LEFT_EYE]).toEqual([...annotation(source, 'leftEyeUpper0'), ...annotation(source, 'leftEyeLower0')]);
  });
});
