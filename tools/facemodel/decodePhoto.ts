// Decodes a JPEG/PNG photo to RGB bytes. Node has no JPEG decoder among the project's packages, so this
// offline tool borrows Pillow from the Debian Python (python3-pil), which the project's setup installs anyway.
import { execFileSync } from 'node:child_process';

export interface RgbImage {
  width: number;
  height: number;
  /** RGB, row-major, 3 bytes per pixel. */
  data: Uint8Array;
}

const PILLOW_DUMP = [
  'import sys',
  'from PIL import Image',
  'im = Image.open(sys.argv[1]).convert("RGB")',
  'sys.stdout.buffer.write(("%d %d\\n" % im.size).encode())',
  'sys.stdout.buffer.write(im.tobytes())',
].join('\n');

export function decodePhoto(path: string): RgbImage {
  const out = execFileSync('/usr/bin/python3', ['-c', PILLOW_DUMP, path], { maxBuffer: 256 * 1024 * 1024 });
  const newline = out.indexOf(10);
  const [width, height] = out.subarray(0, newline).toString('ascii').split(' ').map(Number);
  const data = new Uint8Array(out.subarray(newline + 1));
  if (data.length !== width * height * 3) throw new Error(`decodePhoto: ${path} decoded to a wrong byte count`);
  return { width, height, data };
}
