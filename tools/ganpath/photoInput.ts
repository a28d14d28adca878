// A photo as the app gives it to the method: the largest face Human finds, cropped by the app's rule (levelled by
// the eye line, framed like the training faces) with its oval mask in the `face` category (src/app/faceStore.ts).
import { faceCrop } from '../../src/data/face/cropRule';
import { ovalPoints } from '../../src/data/face/faceMesh';
import { ovalEllipse, rasterizeFaceMask, unitOval } from '../../src/data/face/ovalMask';
import { sourceToCrop } from '../../src/data/image/cropFrame';
import type { RgbaImage } from '../../src/data/image/rgba';
import { prepareRunInputWithMask, type RunInput } from '../../src/gan2shape/runner/input';
import type { FaceIdentity } from './humanIdentity';

export async function cropFaceInput(human: FaceIdentity, image: RgbaImage, size: number): Promise<RunInput | null> {
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0; i < image.width * image.height; i++)
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = image.data[i * 4 + c];
  const [face] = await human.detect(rgb, image.width, image.height);
  if (!face) return null;
  const crop = faceCrop(face.mesh);
  const oval = ovalPoints(face.mesh).map((p) => sourceToCrop(crop, p));
  const mask = rasterizeFaceMask(unitOval(oval), ovalEllipse(oval), size);
  return prepareRunInputWithMask(image, crop, mask, size, 'face');
}
