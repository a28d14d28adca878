/**
 * A zipped bundle (fflate, already the app's zip library for exports) as a BundleFileSource. Only the kinds of
 * file a bundle has are inflated (manifest/encoder JSON, weights, ONNX graphs, the model card): a zip that also
 * carries the sample sheets never holds those images in memory. Synchronous: a bundle's weights are stored floats
 * that inflate in a fraction of a second, and the page shows "opening" meanwhile.
 */

import { unzipSync } from 'fflate';
import { BundleError } from './errors';
import { type BundleFileSource, memorySource } from './localBundle';

const BUNDLE_FILE = /\.(json|bin|onnx|md)$/i;

export function zipSource(label: string, bytes: Uint8Array): BundleFileSource {
  const paths: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith('/')) return false;
        paths.push(file.name);
        return BUNDLE_FILE.test(file.name);
      },
    });
  } catch (err) {
    throw new BundleError(
      `${label} could not be read as a zip archive (${err instanceof Error ? err.message : String(err)}): ` +
        'zip the bundle folder, or open the folder itself.',
    );
  }
  const source = memorySource(label, new Map(Object.entries(entries)));
  return { ...source, paths };
}
