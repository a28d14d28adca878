// NumPy .npy v1.0 files: header building/parsing plus a streaming writer, so a 30,000-sample dataset can be
// written chunk by chunk without holding gigabytes in memory. Read by tools/ (NumPy) and by the TS eval.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export type NpyDtype = 'uint8' | 'float32';

const DESCR: Record<NpyDtype, string> = { uint8: '|u1', float32: '<f4' };
const BYTES: Record<NpyDtype, number> = { uint8: 1, float32: 4 };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function npyHeader(dtype: NpyDtype, shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic(6) + version(2) + length(2) + dict + newline, padded with spaces to a multiple of 64 bytes
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64);
  dict += '\n';
  if (dict.length > 65535) throw new Error('npyHeader: header too long for format v1.0');
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

export class NpyStreamWriter {
  private readonly fd: number;
  private written = 0;
  private readonly expected: number;

  constructor(
    readonly path: string,
    readonly dtype: NpyDtype,
    readonly shape: number[],
  ) {
    this.expected = shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
    this.fd = openSync(path, 'w');
    writeSync(this.fd, npyHeader(dtype, shape));
  }

  append(data: Uint8Array | Float32Array): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (this.written + bytes.length > this.expected) throw new Error(`${this.path}: more data than the declared shape`);
    writeSync(this.fd, bytes);
    this.written += bytes.length;
  }

  close(): void {
    closeSync(this.fd);
    if (this.written !== this.expected)
      throw new Error(`${this.path}: wrote ${this.written} bytes, shape needs ${this.expected}`);
  }
}

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Uint8Array | Float32Array;
}

/** Reads a little-endian uint8/float32 C-order .npy file (the formats this project writes). */
export function readNpy(path: string): NpyArray {
  return parseNpy(readFileSync(path));
}

export function parseNpy(buf: Uint8Array): NpyArray {
  if (!MAGIC.every((b, i) => buf[i] === b)) throw new Error('parseNpy: not a .npy file');
  const major = buf[6];
  const headerLength =
    major === 1 ? buf[8] | (buf[9] << 8) : buf[8] | (buf[9] << 8) | (buf[10] << 16) | (buf[11] << 24);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`parseNpy: malformed header ${header}`);
  if (fortran === 'True') throw new Error('parseNpy: Fortran-order arrays are not supported');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((k) => DESCR[k] === descr);
  if (!dtype) throw new Error(`parseNpy: unsupported dtype ${descr}`);
  const offset = start + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const body = buf.subarray(offset, offset + count * BYTES[dtype]);
  if (body.length !== count * BYTES[dtype]) throw new Error('parseNpy: file shorter than its shape');
  // copy so the typed array is aligned whatever the header length
  const copy = new Uint8Array(body);
  const data = dtype === 'uint8' ? copy : new Float32Array(copy.buffer);
  return { dtype, shape, data };
}
