/** Test images made on the fly (no binary fixtures): good, grayscale, transparent, tiny, huge, corrupt, not-an-image. */
import { encode } from 'fast-png';

function pattern(width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // A bright ellipse ("face") on a dark gradient so crops and masks have something to show.
      const inside = ((x - width / 2) / (width * 0.3)) ** 2 + ((y - height / 2) / (height * 0.4)) ** 2 < 1;
      const v = inside ? 200 - Math.round((40 * y) / height) : Math.round((60 * x) / width);
      const o = (y * width + x) * channels;
      for (let c = 0; c < Math.min(channels, 3); c++) data[o + c] = channels === 1 ? v : Math.min(255, v + c * 15);
      if (channels === 4) data[o + 3] = inside ? 255 : 0;
    }
  }
  return data;
}

export function pngBytes(width: number, height: number, channels: 1 | 3 | 4 = 3): Buffer {
  return Buffer.from(encode({ width, height, data: pattern(width, height, channels), channels, depth: 8 }));
}

export const TEST_FILES = {
  good: () => ({ name: 'face.png', mimeType: 'image/png', buffer: pngBytes(160, 200) }),
  grayscale: () => ({ name: 'gray.png', mimeType: 'image/png', buffer: pngBytes(96, 96, 1) }),
  alpha: () => ({ name: 'cutout.png', mimeType: 'image/png', buffer: pngBytes(96, 96, 4) }),
  tiny: () => ({ name: 'tiny.png', mimeType: 'image/png', buffer: pngBytes(20, 24) }),
  huge: () => ({ name: 'huge.png', mimeType: 'image/png', buffer: pngBytes(3000, 2400) }),
  corrupt: () => {
    const png = pngBytes(64, 64);
    return {
      name: 'broken.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([png.subarray(0, 60), Buffer.alloc(40, 7)]),
    };
  },
  text: () => ({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image at all\n') }),
};
