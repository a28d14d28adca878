import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/args';
import { decodeImageBytes, readImageFile, readMaskFile } from '../../../src/cli/imageFile';
import { buildRunInput, maskFromImage, parseReconstructArgs } from '../../../src/cli/reconstruct';
import { DEPTH_PNG_MAPPING, writePhaseSnapshot, writeResultFiles, writeResultJson } from '../../../src/cli/resultFiles';
import { npyFloat32, tileRowsPng, writeFileAtomic, writeNpy } from '../../../src/cli/writers';
import { npyHeader, parseNpy, readNpy } from '../../../src/data/synth/npy';
import { readGlbJson } from '../../../src/gan2shape/export/glb';
import { png16ValueToDepth } from '../../../src/gan2shape/export/images';
import type { Snapshot } from '../../../src/gan2shape/runner/types';

const tmp = mkdtempSync(join(tmpdir(), 'cli-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const S = 8;

function fakeSnapshot(withPseudo: boolean): Snapshot {
  const plane = S * S;
  const depth = Float32Array.from({ length: plane }, (_, i) => 0.95 + (0.1 * i) / plane);
  const chw = Float32Array.from({ length: 3 * plane }, (_, i) => Math.sin(i) * 0.9);
  const normals = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) normals[i * 3 + 2] = 1;
  return {
    stage: 1,
    step: withPseudo ? 'step2' : 'step3',
    iteration: 10,
    size: S,
    depth,
    albedo: chw,
    shading: Float32Array.from({ length: plane }, (_, i) => (1.4 * i) / plane),
    normals,
    reconstruction: chw,
    reconDepth: Float32Array.from(depth, (d) => d + 0.01),
    view: [0.1, -0.2, 0, 0, 0, 0],
    light: [0.5, 0.5, 0.1, -0.2],
    ganImage: new Float32Array(3 * 16 * 16),
    ganPsnr: 21.5,
    ...(withPseudo
      ? {
          pseudo: {
            count: 2,
            images: new Float32Array(2 * 3 * plane),
            projections: new Float32Array(2 * 3 * plane).fill(1),
            masks: new Float32Array(2 * plane).fill(1),
          },
        }
      : {}),
  };
}

describe('writers', () => {
  it('writes float32 .npy files NumPy and the reader agree on', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i / 3);
    const bytes = npyFloat32(data, [3, 4]);
    expect(bytes.subarray(0, npyHeader('float32', [3, 4]).length)).toEqual(npyHeader('float32', [3, 4]));
    // header + body, the header padded to a multiple of 64 bytes
    expect((bytes.length - 48) % 64).toBe(0);
    const back = parseNpy(bytes);
    expect(back.dtype).toBe('float32');
    expect(back.shape).toEqual([3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(() => npyFloat32(data, [5, 5])).toThrow(/do not fill/);
    writeNpy(join(tmp, 'a.npy'), data, [12]);
    expect(readNpy(join(tmp, 'a.npy')).shape).toEqual([12]);
  });

  it('writes atomically: no temporary file is left behind', () => {
    writeFileAtomic(join(tmp, 'sub', 'x.txt'), 'hello');
    expect(readFileSync(join(tmp, 'sub', 'x.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(tmp, 'sub', 'x.txt')).length).toBe(5);
  });

  it('tiles rows of images into one strip with 1 px gaps', () => {
    const png = decode(
      tileRowsPng(
        [
          { data: new Float32Array(3 * 3 * 4 * 4).fill(-1), channels: 3 },
          { data: new Float32Array(3 * 4 * 4).fill(1), channels: 1 },
        ],
        3,
        4,
      ),
    );
    expect([png.width, png.height, png.channels]).toEqual([3 * 4 + 2, 2 * 4 + 1, 3]);
    expect(png.data[0]).toBe(0); // black tile
    expect(png.data[(5 * png.width + 0) * 3]).toBe(255); // white mask row
  });
});

describe('result files', () => {
  const dir = join(tmp, 'result');
  const snapshot = fakeSnapshot(false);
  const result = writeResultFiles(dir, snapshot, new Float32Array(3 * S * S));

  it('writes every map, array and mesh of a complete snapshot', () => {
    expect(result.missing).toEqual([]);
    expect(result.files.sort()).toEqual(
      [
        'albedo.png',
        'depth.npy',
        'depth.png',
        'gan_image.png',
        'mesh.glb',
        'mesh.mtl',
        'mesh.obj',
        'mesh.png',
        'normals.png',
        'recon_depth.npy',
        'reconstruction.png',
        'shading.png',
      ].sort(),
    );
  });

  it('depth.png is a 16-bit grey PNG that reads back to the depth with the stated mapping', () => {
    const png = decode(readFileSync(join(dir, 'depth.png')));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([S, S, 1, 16]);
    for (let i = 0; i < S * S; i++) {
      expect(png16ValueToDepth(png.data[i])).toBeCloseTo(snapshot.depth[i], 4);
      // the mapping written into result.json says the same
      expect(
        DEPTH_PNG_MAPPING.far - ((DEPTH_PNG_MAPPING.far - DEPTH_PNG_MAPPING.near) * png.data[i]) / 65535,
      ).toBeCloseTo(snapshot.depth[i], 4);
    }
    // near is bright
    expect(png.data[S * S - 1]).toBeLessThan(png.data[0]);
  });

  it('writes [S,S] float32 arrays and S-px maps', () => {
    for (const name of ['depth.npy', 'recon_depth.npy']) {
      const a = readNpy(join(dir, name));
      expect(a.dtype).toBe('float32');
      expect(a.shape).toEqual([S, S]);
    }
    expect(Array.from(readNpy(join(dir, 'depth.npy')).data)).toEqual(Array.from(snapshot.depth));
    for (const name of ['albedo.png', 'normals.png', 'reconstruction.png', 'mesh.png']) {
      const png = decode(readFileSync(join(dir, name)));
      expect([png.width, png.channels], name).toEqual([S, 3]);
    }
    expect(decode(readFileSync(join(dir, 'gan_image.png'))).width).toBe(16);
    const shading = decode(readFileSync(join(dir, 'shading.png')));
    expect([shading.channels, Math.max(...shading.data)]).toEqual([1, 255]);
    expect(result.shadingScale).toBeCloseTo((1.4 * (S * S - 1)) / (S * S), 5);
  });

  it('writes an OBJ with S*S vertices and a GLB whose accessors match', () => {
    const obj = readFileSync(join(dir, 'mesh.obj'), 'utf8');
    const count = (prefix: string) => obj.split('\n').filter((l) => l.startsWith(prefix)).length;
    expect(count('v ')).toBe(S * S);
    expect(count('vt ')).toBe(S * S);
    expect(count('f ')).toBe(2 * (S - 1) * (S - 1));
    expect(obj).toContain('mtllib mesh.mtl');
    expect(readFileSync(join(dir, 'mesh.mtl'), 'utf8')).toContain('map_Kd mesh.png');
    const glb = new Uint8Array(readFileSync(join(dir, 'mesh.glb')));
    expect(new TextDecoder().decode(glb.subarray(0, 4))).toBe('glTF');
    const json = readGlbJson(glb) as { accessors: { count: number }[]; images: unknown[] };
    expect(json.accessors.map((a) => a.count)).toEqual([S * S, S * S, S * S, 6 * (S - 1) * (S - 1)]);
    expect(json.images).toHaveLength(1);
  });

  it('result.json carries view, light, the depth mapping and what the caller adds', () => {
    writeResultJson(
      dir,
      snapshot,
      {
        preset: 'test',
        imageName: 'x.png',
        crop: { x: 0, y: 0, size: 8 },
        mask: { cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.4 },
        model: 'm',
      },
      { seed: 3 },
    );
    const json = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(json.view).toEqual(snapshot.view);
    expect(json.light).toEqual(snapshot.light);
    expect(json.psnr).toBe(21.5);
    expect(json.depthPng.decode).toBe('d = 1.1 - 0.2 * v / 65535');
    expect(json.settings.model).toBe('m');
    expect(json.seed).toBe(3);
  });

  it('names missing maps instead of failing (a prior-only snapshot)', () => {
    const r = writeResultFiles(
      join(tmp, 'prior'),
      { stage: 0, step: 'prior', iteration: 1, size: S, depth: snapshot.depth },
      new Float32Array(3 * S * S),
    );
    expect(r.missing.sort()).toEqual(
      ['albedo', 'ganImage', 'normals', 'reconDepth', 'reconstruction', 'shading'].sort(),
    );
    expect(r.files).toContain('mesh.glb');
  });

  it('writes a snapshot set per phase end, with the pseudo strip when there are pseudo samples', () => {
    const files = writePhaseSnapshot(dir, fakeSnapshot(true));
    expect(files).toEqual([
      'snapshots/1_step2_depth.png',
      'snapshots/1_step2_albedo.png',
      'snapshots/1_step2_reconstruction.png',
      'snapshots/1_step2_pseudo.png',
    ]);
    const strip = decode(readFileSync(join(dir, 'snapshots/1_step2_pseudo.png')));
    expect([strip.width, strip.height]).toEqual([2 * S + 1, 3 * S + 2]);
  });
});

describe('image files', () => {
  const rgb = (w: number, h: number) => Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);

  it('decodes 8-bit RGB, 16-bit grey and RGBA PNGs', () => {
    const a = decodeImageBytes(encode({ width: 40, height: 33, data: rgb(40, 33), channels: 3, depth: 8 }), 'a.png');
    expect([a.width, a.height, a.data[0], a.data[1], a.data[3]]).toEqual([40, 33, 0, 37, 255]);
    const g = decodeImageBytes(
      encode({ width: 2, height: 1, data: new Uint16Array([65535, 257]), channels: 1, depth: 16 }),
      'g.png',
    );
    expect(Array.from(g.data)).toEqual([255, 255, 255, 255, 1, 1, 1, 255]);
  });

  it('decodes JPEG (jpeg-js) and uint8 .npy images', () => {
    const w = 48;
    const rgba = new Uint8Array(w * w * 4).fill(200);
    const jpeg = encodeJpeg({ width: w, height: w, data: rgba }, 90).data;
    const j = decodeImageBytes(new Uint8Array(jpeg), 'x.jpg');
    expect([j.width, j.height]).toEqual([w, w]);
    expect(Math.abs(j.data[0] - 200)).toBeLessThan(4);
    const npy = npyFloat32(new Float32Array(4), [2, 2]); // float32: refused
    expect(() => decodeImageBytes(npy, 'f.npy')).toThrow(/uint8/);
    const header = npyHeader('uint8', [1, 2, 2, 3]);
    const u8 = new Uint8Array(header.length + 12);
    u8.set(header);
    u8.set([1, 2, 3], header.length);
    const n = decodeImageBytes(u8, 'u.npy');
    expect([n.width, n.height, n.data[0], n.data[2], n.data[3]]).toEqual([2, 2, 1, 3, 255]);
  });

  it('refuses other formats, damaged files and tiny images with one-line CliErrors', () => {
    expect(() => decodeImageBytes(new TextEncoder().encode('GIF89a......'), 'a.gif')).toThrow(
      /a.gif is GIF, which the CLI does not read/,
    );
    expect(() => decodeImageBytes(new TextEncoder().encode('hello world'), 'a.txt')).toThrow(/is not an image/);
    const png = encode({ width: 40, height: 40, data: rgb(40, 40), channels: 3, depth: 8 });
    expect(() => decodeImageBytes(png.subarray(0, 60), 'cut.png')).toThrow(CliError);
    const small = join(tmp, 'small.png');
    writeFileSync(small, encode({ width: 20, height: 40, data: rgb(20, 40), channels: 3, depth: 8 }));
    expect(() => readImageFile(small)).toThrow(/20 x 40: images must be at least 32 px/);
    expect(() => readImageFile(join(tmp, 'none.png'))).toThrow(/does not exist/);
  });

  it('composites alpha over grey as the app does, and reads masks as white = object', () => {
    const path = join(tmp, 'alpha.png');
    const data = new Uint8Array(32 * 32 * 4).fill(0);
    writeFileSync(path, encode({ width: 32, height: 32, data, channels: 4, depth: 8 }));
    const { image, notes } = readImageFile(path);
    expect(image.data[0]).toBe(128);
    expect(notes).toContain('transparent pixels were composited over grey');
    const maskPath = join(tmp, 'mask.png');
    const m = new Uint8Array(32 * 32);
    for (let y = 8; y < 24; y++) for (let x = 8; x < 24; x++) m[y * 32 + x] = 255;
    writeFileSync(maskPath, encode({ width: 32, height: 32, data: m, channels: 1, depth: 8 }));
    const mask = readMaskFile(maskPath);
    const values = maskFromImage(mask, maskPath, { width: 64, height: 64 }, { x: 0, y: 0, size: 64 }, 16);
    expect(values[0]).toBe(0);
    expect(values[8 * 16 + 8]).toBe(1);
    // a mask of the photo's size is cropped like the photo
    const cropped = maskFromImage(mask, maskPath, { width: 32, height: 32 }, { x: 8, y: 8, size: 16 }, 16);
    expect(cropped.every((v) => v === 1)).toBe(true);
    expect(() => maskFromImage(mask, maskPath, { width: 32, height: 32 }, { x: 0, y: 0, size: 8 }, 8)).toThrow(
      /no object pixels/,
    );
  });

  it('builds the run input with a mask file and the chosen category', () => {
    const maskPath = join(tmp, 'mask.png');
    const args = parseReconstructArgs(['--image', 'x', '--out', 'o', '--mask', maskPath, '--category', 'face']);
    const photo = { width: 32, height: 32, data: new Uint8ClampedArray(32 * 32 * 4).fill(255) };
    const input = buildRunInput(args, photo, { x: 0, y: 0, size: 32 }, 16, readMaskFile(maskPath));
    expect(input.size).toBe(16);
    expect(input.category).toBe('face');
    expect(input.image.length).toBe(3 * 16 * 16);
    expect(input.mask[0]).toBe(0);
    expect(Math.min(...input.prior)).toBeLessThan(0.95);
  });
});
